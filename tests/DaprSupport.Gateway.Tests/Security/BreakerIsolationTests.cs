using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// A refusal for one caller never opens a breaker for everybody (issue 11 item 2, security review H1): daprd counts
/// every non-2xx answer against the called endpoint's circuit breaker (components/resiliency.yaml), so the sessions
/// API's refusals must land on endpoints of their own caller — the visitor's own create route, the session's own URL.
/// The frame rate of this system is high, so the hammering is never merely rate limited.
/// </summary>
public sealed class BreakerIsolationTests(CappedGatewaySystem system) : IClassFixture<CappedGatewaySystem>
{
    [Fact]
    public async Task A_visitor_hammering_refusals_does_not_make_other_visitors_starts_or_sends_fail()
    {
        // Well past the breaker's trip (20 consecutive failures of one endpoint, components/resiliency.yaml).
        const int Hammer = 30;
        await using var attacker = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(attacker, TestUsers.NewSkill());
        }

        var unknown = "s-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < Hammer; i++)
        {
            await attacker.SendAsync(new { type = "start", clientMsgId = $"over-{i}", skill = TestUsers.NewSkill(), text = "hi" });
            await attacker.WaitForAsync(f => IsError(f, $"over-{i}"), "refused start");
            await attacker.SendAsync(new { type = "send", clientMsgId = $"nowhere-{i}", sessionId = unknown, text = "hi" });
            await attacker.WaitForAsync(f => IsError(f, $"nowhere-{i}"), "refused send");
        }

        await using var other = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var sessionId = await StartAsync(other, TestUsers.NewSkill());
        Assert.True(await SendTextAsync(other, sessionId, "still works") > 1);
    }

    private static bool IsError(System.Text.Json.JsonElement f, string clientMsgId) =>
        SocketClient.Type(f) == "error" && f.TryGetProperty("clientMsgId", out var id) && id.GetString() == clientMsgId;
}
