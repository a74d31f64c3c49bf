using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>The whole system with one start per tenant in flight at a time and no queue (Gateway:Starts).</summary>
public sealed class AdmissionGatewaySystem : GatewaySystem
{
    protected override void ConfigureGateway(IWebHostBuilder builder) =>
        builder
            .UseSetting("Gateway:Starts:MaxInFlight", "1")
            .UseSetting("Gateway:Starts:QueueLimit", "0")
            .UseSetting("Gateway:Starts:RetryAfter", "00:00:00.200");
}
