using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Per-tenant rate limit of docs/protocol.md ("Limits"): the visitors' connections of one tenant share a budget (here a
/// burst of 6 and 1/s) that a single connection's own budget would not exhaust; its staff and other tenants are
/// unaffected (security review H3). A
/// <c>hello</c> is charged for the sessions it resumes and names at most <see cref="FrameCosts.MaxResumeSessions"/>.
/// </summary>
public sealed class TenantRateLimitTests
{
    [Fact]
    public async Task Visitors_of_one_tenant_share_its_budget_and_its_staff_and_other_tenants_are_unaffected()
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

        // The tenant's staff have a bucket of their own: its visitors, however many, do not starve its agents.
        await using var agent = await SocketClient.ConnectAsync(gateway.Socket, gateway.AgentToken("agent-1"));
        await agent.SendAsync(new { type = "ping" });
        await agent.WaitForTypeAsync("pong");
    }

    [Fact]
    public async Task A_hello_is_charged_for_the_sessions_it_names_and_one_over_the_cap_resumes_nothing()
    {
        using var gateway = new KestrelGateway(("Gateway:ConnectionBurst", "12"), ("Gateway:ConnectionPerSecond", "1"));
        await using var client = await SocketClient.ConnectAsync(gateway.Socket, gateway.VisitorToken());
        var resume = Enumerable.Range(0, FrameCosts.MaxResumeSessions + 1).ToDictionary(i => $"s-{i}", _ => 0L);

        // The hello takes 10 of the 12 tokens, so of the three pings right behind it the last is refused.
        await client.SendAsync(new { type = "hello", resume });
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(new { type = "ping" });
        }

        // The refusal is answered at once; the hello's answer and the pongs come from the conversation's pump.
        var limited = await client.WaitForAsync(
            f => SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() == "rate_limited", "the third ping refused");
        var refusal = await client.WaitForAsync(
            f => SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() == "invalid_argument", "the hello refused");
        await client.WaitForTypeAsync("pong");
        await client.WaitForTypeAsync("pong");

        Assert.Contains($"at most {FrameCosts.MaxResumeSessions}", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(limited.GetProperty("retryAfterMs").GetInt64() > 0);
        Assert.DoesNotContain(client.Received, f => SocketClient.Type(f) == "session");
    }
}
