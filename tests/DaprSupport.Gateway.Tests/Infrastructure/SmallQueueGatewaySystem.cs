using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>The whole system with a gateway that lets a connection fall only a few frames behind.</summary>
public sealed class SmallQueueGatewaySystem : GatewaySystem
{
    public const int MaxPendingFrames = 8;

    protected override void ConfigureGateway(IWebHostBuilder builder) =>
        builder.UseSetting("Gateway:MaxPendingFrames", MaxPendingFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
