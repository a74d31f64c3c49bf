using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// The whole system with small per-caller caps (2 connections per principal, 3 cursor opens per hour) and a frame
/// rate high enough that property runs are never rate limited.
/// </summary>
public sealed class CappedGatewaySystem : GatewaySystem
{
    public const int MaxConnectionsPerPrincipal = 2;
    public const int CursorOpenBurst = 3;

    protected override void ConfigureGateway(IWebHostBuilder builder) =>
        builder
            .UseSetting("Gateway:MaxConnectionsPerPrincipal", $"{MaxConnectionsPerPrincipal}")
            .UseSetting("Gateway:CursorOpenBurst", $"{CursorOpenBurst}")
            .UseSetting("Gateway:CursorOpenPeriod", "01:00:00")
            .UseSetting("Gateway:ConnectionBurst", "100000")
            .UseSetting("Gateway:ConnectionPerSecond", "100000");
}
