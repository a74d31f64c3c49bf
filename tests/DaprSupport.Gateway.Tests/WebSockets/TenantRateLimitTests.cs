using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Per-tenant rate limit of docs/protocol.md ("Limits"): the connections of one tenant share a budget (here a burst
/// of 6 and 1/s) that a single connection's own budget would not exhaust; other tenants are unaffected.
/// </summary>
public sealed class TenantRateLimitTests
{
    [Fact]
    public async Task Connections_of_one_tenant_share_its_budget_and_other_tenants_are_unaffected()
    {
        using var gateway = new KestrelGateway(
            ("Gateway:TenantBurst", "6"), ("Gateway:TenantPerSecond", "1"),
            ("Gateway:ConnectionBurst", "100"), ("Gateway:ConnectionPerSecond", "100"));
        await using var first = await SocketClient.ConnectAsync(gateway.Socket, gateway.VisitorToken());
        await using var second = await SocketClient.ConnectAsync(gateway.Socket, gateway.VisitorToken());
        await using var globex = await SocketClient.ConnectAsync(gateway.Socket, gateway.VisitorToken(TestTenants.Globex));

        for (var i = 0; i < 5; i++)
        {
            await first.SendAsync(new { type = "ping" });
            await first.WaitForTypeAsync("pong");
        }

        for (var i = 0; i < 5; i++)
        {
            await second.SendAsync(new { type = "ping" });
        }

        await globex.SendAsync(new { type = "ping" });

        Assert.Equal("rate_limited", (await second.WaitForTypeAsync("error")).GetProperty("code").GetString());
        await globex.WaitForTypeAsync("pong");
    }
}
