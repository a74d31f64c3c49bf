using System.Text.Json;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// <c>session</c> frames (docs/protocol.md, "Ordering, delivery and idempotency"): every status change reaches the
/// session's followers, also one that adds no timeline item (an offer withdrawn), and a change older than the one a
/// connection already shows is dropped; the order is the session's version, not its last seq.
/// </summary>
public sealed class SessionFrameTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task A_visitor_sees_offered_then_queued_with_its_position_again_when_the_offer_is_withdrawn()
    {
        var skill = TestUsers.NewSkill();
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        var started = await visitor.WaitForAsync(f => IsSession(f, sessionId), "session frame");
        Assert.Equal(("queued", 1), (Status(started), Position(started)));

        var (_, agentToken) = system.Agent(skill);
        await using var agent = await SocketClient.ConnectAsync(system.GatewayWs, agentToken);
        await agent.SendAsync(new { type = "presence", status = "online" });
        await agent.WaitForTypeAsync("offer");
        var offered = await visitor.WaitForAsync(f => IsSession(f, sessionId), "offered");
        Assert.Equal("offered", Status(offered));

        // The agent leaves before accepting: the offer is withdrawn and the session waits again, with no new item.
        await agent.SendAsync(new { type = "presence", status = "offline" });
        var queued = await visitor.WaitForAsync(f => IsSession(f, sessionId), "queued again");
        Assert.Equal(("queued", (string?)null), (Status(queued), queued.TryGetProperty("agentId", out var a) ? a.GetString() : null));
        if (Position(queued) is null)
        {
            // The change itself carries no position; the queue's next published order brings it.
            queued = await visitor.WaitForAsync(f => IsSession(f, sessionId), "position after the withdrawal");
        }

        Assert.Equal(("queued", 1), (Status(queued), Position(queued)));
        Assert.Equal(["queued", "offered", "queued"], StatusChanges(visitor, sessionId));
    }

    [Fact]
    public async Task A_change_with_the_same_or_an_older_version_is_dropped_and_a_newer_one_is_shown()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor, TestUsers.NewSkill());
        await visitor.WaitForAsync(f => IsSession(f, sessionId), "session frame");

        var fanout = system.GatewayServices.GetRequiredService<ReplicaFanout>();
        var session = await SessionAsync(sessionId);
        var at = DateTimeOffset.UtcNow;
        Assert.Equal(1, fanout.Deliver(new SessionChanged(session with { Status = SessionStatus.Offered }, "offered", at)));
        Assert.Equal(1, fanout.Deliver(new SessionChanged(session with { Status = SessionStatus.Resolved, Version = session.Version - 1 }, "resolved", at)));

        // A newer version is shown even though its last seq is the same (a change that adds no timeline item).
        Assert.Equal(1, fanout.Deliver(new SessionChanged(session with { Status = SessionStatus.Resolved, Version = session.Version + 1 }, "resolved", at)));
        await visitor.WaitForAsync(f => IsSession(f, sessionId) && Status(f) == "resolved", "the newer change");

        // Frames of one connection keep their order, so the stale changes would have arrived by now.
        Assert.Equal(["queued", "resolved"], visitor.Received.Where(f => IsSession(f, sessionId)).Select(Status));
    }

    /// <summary>The session as the gateway's sessions client reads it (its current version).</summary>
    private async Task<SessionSnapshot> SessionAsync(string sessionId)
    {
        var sessions = system.GatewayServices.GetRequiredService<DaprSupport.Gateway.Backend.SessionsClient>();
        return (await sessions.GetAsync(TestTenants.Acme, sessionId, CancellationToken.None)).Value!;
    }

    /// <summary>The statuses the connection was shown, in order, each repeat (a position update) left out.</summary>
    private static List<string?> StatusChanges(SocketClient client, string sessionId)
    {
        var shown = new List<string?>();
        foreach (var status in client.Received.Where(f => IsSession(f, sessionId)).Select(Status))
        {
            if (shown.Count == 0 || shown[^1] != status)
            {
                shown.Add(status);
            }
        }

        return shown;
    }
}
