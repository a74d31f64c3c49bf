using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Delivery guarantees of docs/protocol.md ("Ordering, delivery and idempotency", "Limits"): an item that arrives
/// ahead of its predecessors is held back until the gap is filled; an open agent socket renews the presence lease;
/// resolve answers the resolved session.
/// </summary>
public sealed class DeliveryTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task An_item_arriving_early_is_held_until_the_gap_before_it_is_filled()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await visitor.SendAsync(new { type = "start", clientMsgId = "s", skill = TestUsers.NewSkill(), text = "hi" });
        var sessionId = (await visitor.WaitForTypeAsync("ack")).GetProperty("sessionId").GetString()!;
        await visitor.WaitForAsync(f => IsItem(f, sessionId, 2), "item 2");

        // Seq 5 reaches this replica before 3 and 4 exist (as a reordered or lagging partition would deliver it).
        var early = new TimelineItem(TestTenants.Acme, sessionId, 5, TimelineItemKind.Text, null, new Participant(Roles.Visitor, visitorId, null), "early", DateTimeOffset.UtcNow, "early");
        Assert.Equal(1, system.GatewayServices.GetRequiredService<ReplicaFanout>().Deliver(early));
        await visitor.SendAsync(new { type = "send", clientMsgId = "m3", sessionId, text = "three" });
        await visitor.WaitForAsync(f => SocketClient.Type(f) == "ack" && f.GetProperty("clientMsgId").GetString() == "m3", "ack 3");
        await visitor.SendAsync(new { type = "send", clientMsgId = "m4", sessionId, text = "four" });
        await visitor.WaitForAsync(f => IsItem(f, sessionId, 5), "held item 5");

        Assert.Equal([1L, 2L, 3L, 4L, 5L], visitor.Seqs(sessionId));
        Assert.Equal(["hi", "three", "four", "early"], visitor.Received.Where(f => IsItem(f, sessionId, -1) && f.GetProperty("kind").GetString() == "text").Select(f => f.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task An_open_agent_socket_renews_the_presence_lease()
    {
        var (agentId, token) = system.Agent(TestUsers.NewSkill());
        await using var agent = await OnlineAgentAsync(system, token);
        var sessions = system.GatewayServices.GetRequiredService<SessionsClient>();
        var first = (await sessions.GetAgentAsync(TestTenants.Acme, agentId, CancellationToken.None)).Value!;
        Assert.Equal(AgentPresence.Online, first.Presence);

        // Nothing can be awaited: the heartbeat (every 200 ms in the test system) is observed by its effect.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        AgentSnapshot now;
        do
        {
            await Task.Delay(100);
            now = (await sessions.GetAgentAsync(TestTenants.Acme, agentId, CancellationToken.None)).Value!;
        }
        while (now.PresenceExpiresAt <= first.PresenceExpiresAt && DateTime.UtcNow < deadline);

        Assert.True(now.PresenceExpiresAt > first.PresenceExpiresAt, $"Lease not renewed: {first.PresenceExpiresAt} → {now.PresenceExpiresAt}");
        Assert.Equal(AgentPresence.Online, now.Presence);
    }

    [Fact]
    public async Task Resolve_answers_the_resolved_session_and_later_sends_conflict()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await visitor.SendAsync(new { type = "start", clientMsgId = "s", skill = TestUsers.NewSkill(), text = "hi" });
        var sessionId = (await visitor.WaitForTypeAsync("ack")).GetProperty("sessionId").GetString()!;

        await visitor.SendAsync(new { type = "resolve", sessionId });
        await visitor.WaitForAsync(f => SocketClient.Type(f) == "session" && f.GetProperty("status").GetString() == "resolved", "resolved");
        await visitor.SendAsync(new { type = "send", clientMsgId = "late", sessionId, text = "still there?" });

        var error = await visitor.WaitForTypeAsync("error");
        Assert.Equal("conflict", error.GetProperty("code").GetString());
        Assert.Equal("late", error.GetProperty("clientMsgId").GetString());
    }
}
