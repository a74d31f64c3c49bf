using System.Text.Json;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// The conversation guarantees of docs/protocol.md ("Frames", "Ordering and idempotency", "Resume"), with the real
/// sessions and agents services behind emulator sidecars: start/send acked after the durable write, idempotent on
/// clientMsgId, items in seq order without gaps or duplicates, resume after a dropped socket, tenant isolation.
/// </summary>
public sealed class ConversationTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Start_answers_session_items_and_an_ack_for_the_first_text()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await visitor.SendAsync(new { type = "start", clientMsgId = "c1", skill = TestUsers.NewSkill(), text = "Hello?" });
        var ack = await visitor.WaitForTypeAsync("ack");
        var sessionId = ack.GetProperty("sessionId").GetString()!;
        var session = await visitor.WaitForAsync(f => SocketClient.Type(f) == "session", "session");
        var text = await visitor.WaitForAsync(f => IsItem(f, sessionId, 1), "item 1");

        Assert.Equal("c1", ack.GetProperty("clientMsgId").GetString());
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        Assert.Equal("queued", session.GetProperty("status").GetString());
        Assert.Equal("text", text.GetProperty("kind").GetString());
        Assert.Equal("Hello?", text.GetProperty("text").GetString());
        Assert.Equal("c1", text.GetProperty("clientMsgId").GetString());
        Assert.Equal(visitorId, text.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("visitor", text.GetProperty("from").GetProperty("role").GetString());
        await visitor.WaitForAsync(f => IsItem(f, sessionId, 2) && f.GetProperty("event").GetString() == "queued", "queued event");
    }

    [Fact]
    public async Task Send_is_acked_with_its_seq_and_the_sender_gets_its_own_item()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);

        await visitor.SendAsync(new { type = "send", clientMsgId = "m1", sessionId, text = "more detail" });
        var ack = await visitor.WaitForAsync(f => IsAck(f, "m1"), "ack m1");
        var seq = ack.GetProperty("seq").GetInt64();

        var item = await visitor.WaitForAsync(f => IsItem(f, sessionId, seq), $"item {seq}");
        Assert.Equal("m1", item.GetProperty("clientMsgId").GetString());
        Assert.Equal("more detail", item.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_send_whose_clientMsgId_is_over_the_limit_is_invalid_argument_and_writes_nothing()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);
        await visitor.SendAsync(new { type = "send", clientMsgId = "before", sessionId, text = "first" });
        var before = (await visitor.WaitForAsync(f => IsAck(f, "before"), "ack before")).GetProperty("seq").GetInt64();

        var tooLong = new string('x', Contracts.Sessions.SessionLimits.MaxClientMsgIdLength + 1);
        await visitor.SendAsync(new { type = "send", clientMsgId = tooLong, sessionId, text = "refused" });
        var error = await visitor.WaitForAsync(
            f => SocketClient.Type(f) == "error" && f.GetProperty("clientMsgId").GetString() == tooLong, "refusal");
        await visitor.SendAsync(new { type = "send", clientMsgId = "after", sessionId, text = "next" });
        var after = (await visitor.WaitForAsync(f => IsAck(f, "after"), "ack after")).GetProperty("seq").GetInt64();

        Assert.Equal("invalid_argument", error.GetProperty("code").GetString());
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Retried_send_with_the_same_clientMsgId_is_acked_with_the_same_seq_and_not_duplicated()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);

        await visitor.SendAsync(new { type = "send", clientMsgId = "dup", sessionId, text = "once" });
        var first = (await visitor.WaitForAsync(f => IsAck(f, "dup"), "first ack")).GetProperty("seq").GetInt64();
        await visitor.SendAsync(new { type = "send", clientMsgId = "dup", sessionId, text = "once" });
        var second = (await visitor.WaitForAsync(f => IsAck(f, "dup"), "second ack")).GetProperty("seq").GetInt64();
        await visitor.SendAsync(new { type = "send", clientMsgId = "after", sessionId, text = "next" });
        var after = (await visitor.WaitForAsync(f => IsAck(f, "after"), "third ack")).GetProperty("seq").GetInt64();
        await visitor.WaitForAsync(f => IsItem(f, sessionId, after), "last item");

        Assert.Equal(first, second);
        Assert.Equal(first + 1, after);
        AssertGapFree(visitor.Seqs(sessionId));
    }

    [Fact]
    public async Task Retried_start_lands_on_the_same_session()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var skill = TestUsers.NewSkill();

        await visitor.SendAsync(new { type = "start", clientMsgId = "s1", skill, text = "hi" });
        var first = await visitor.WaitForAsync(f => IsAck(f, "s1"), "ack");
        await visitor.SendAsync(new { type = "start", clientMsgId = "s1", skill, text = "hi" });
        var second = await visitor.WaitForAsync(f => IsAck(f, "s1"), "second ack");

        Assert.Equal(first.GetProperty("sessionId").GetString(), second.GetProperty("sessionId").GetString());
        Assert.Equal(1, second.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Resume_after_a_dropped_socket_replays_exactly_what_was_missed_then_goes_live()
    {
        var (_, token) = system.Visitor();
        string sessionId;
        long lastSeen;
        await using (var first = await SocketClient.ConnectAsync(system.GatewayWs, token))
        {
            sessionId = await StartAsync(first);
            await first.SendAsync(new { type = "send", clientMsgId = "a", sessionId, text = "a" });
            lastSeen = (await first.WaitForAsync(f => IsAck(f, "a"), "ack a")).GetProperty("seq").GetInt64();
            await first.WaitForAsync(f => IsItem(f, sessionId, lastSeen), "item a");
        }

        // While no socket is open, more is written.
        await using (var meanwhile = await SocketClient.ConnectAsync(system.GatewayWs, token))
        {
            foreach (var id in new[] { "b", "c" })
            {
                await meanwhile.SendAsync(new { type = "send", clientMsgId = id, sessionId, text = id });
                await meanwhile.WaitForAsync(f => IsAck(f, id), "ack " + id);
            }
        }

        await using var resumed = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await resumed.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = lastSeen } });
        await resumed.WaitForAsync(f => IsItem(f, sessionId, lastSeen + 2), "replayed c");
        await resumed.SendAsync(new { type = "send", clientMsgId = "d", sessionId, text = "d" });
        var d = (await resumed.WaitForAsync(f => IsAck(f, "d"), "ack d")).GetProperty("seq").GetInt64();
        await resumed.WaitForAsync(f => IsItem(f, sessionId, d), "live d");

        Assert.Equal(Enumerable.Range((int)lastSeen + 1, (int)(d - lastSeen)).Select(i => (long)i), resumed.Seqs(sessionId));
        Assert.Equal(["b", "c", "d"], resumed.Received.Where(f => IsItem(f, sessionId, -1) && f.GetProperty("kind").GetString() == "text").Select(f => f.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Another_tenants_session_is_not_found()
    {
        var (_, acmeToken) = system.Visitor();
        await using var acme = await SocketClient.ConnectAsync(system.GatewayWs, acmeToken);
        var sessionId = await StartAsync(acme);
        var (_, globexToken) = system.Visitor(TestTenants.Globex);
        await using var globex = await SocketClient.ConnectAsync(system.GatewayWs, globexToken);

        await globex.SendAsync(new { type = "send", clientMsgId = "x", sessionId, text = "let me in" });
        await globex.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });

        var sendError = await globex.WaitForTypeAsync("error");
        var helloError = await globex.WaitForTypeAsync("error");
        Assert.Equal("not_found", sendError.GetProperty("code").GetString());
        Assert.Equal("x", sendError.GetProperty("clientMsgId").GetString());
        Assert.Equal("not_found", helloError.GetProperty("code").GetString());
        Assert.Empty(globex.Seqs(sessionId));
    }

    [Fact]
    public async Task Another_visitors_session_of_the_same_tenant_is_not_found()
    {
        var (_, ownerToken) = system.Visitor();
        await using var owner = await SocketClient.ConnectAsync(system.GatewayWs, ownerToken);
        var sessionId = await StartAsync(owner);
        var (_, otherToken) = system.Visitor();
        await using var other = await SocketClient.ConnectAsync(system.GatewayWs, otherToken);

        await other.SendAsync(new { type = "send", clientMsgId = "x", sessionId, text = "hijack" });

        Assert.Equal("not_found", (await other.WaitForTypeAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Agent_gets_an_offer_accepts_and_both_sides_see_each_others_messages()
    {
        var skill = TestUsers.NewSkill();
        var (agentId, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);

        var sessionId = await StartAsync(visitor, skill);
        var offer = await agent.WaitForTypeAsync("offer");
        Assert.Equal(sessionId, offer.GetProperty("sessionId").GetString());
        Assert.Equal(VisitorHandles.Of(TestTenants.Acme, visitorId), offer.GetProperty("visitor").GetProperty("id").GetString());
        Assert.False(offer.TryGetProperty("visitorId", out _));
        Assert.Equal(skill, offer.GetProperty("skill").GetString());
        Assert.InRange(offer.GetProperty("expiresInMs").GetInt64(), 1, 60_000);

        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned (agent)");
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned") && f.GetProperty("agentId").GetString() == agentId, "assigned (visitor)");

        await agent.SendAsync(new { type = "send", clientMsgId = "hi", sessionId, text = "How can I help?" });
        var seq = (await agent.WaitForAsync(f => IsAck(f, "hi"), "agent ack")).GetProperty("seq").GetInt64();
        var seen = await visitor.WaitForAsync(f => IsItem(f, sessionId, seq), "agent text at visitor");

        Assert.Equal("agent", seen.GetProperty("from").GetProperty("role").GetString());
        AssertGapFree(visitor.Seqs(sessionId));
        AssertGapFree(agent.Seqs(sessionId));
        Assert.Equal(1, agent.Seqs(sessionId)[0]);
    }

    [Fact]
    public async Task An_agent_who_connects_after_the_offer_was_made_still_gets_it_and_can_accept()
    {
        var skill = TestUsers.NewSkill();
        var (agentId, agentToken) = system.Agent(skill);
        await using (var first = await SocketClient.ConnectAsync(system.GatewayWs, agentToken))
        {
            await first.SendAsync(new { type = "presence", status = "online" });
            await first.SendAsync(new { type = "ping" });
            await first.WaitForTypeAsync("pong");
        }

        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "offered"), "offered while the agent is away");

        await using var agent = await SocketClient.ConnectAsync(system.GatewayWs, agentToken);
        var offer = await agent.WaitForTypeAsync("offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned") && f.GetProperty("agentId").GetString() == agentId, "assigned");

        Assert.Equal(sessionId, offer.GetProperty("sessionId").GetString());
        Assert.InRange(offer.GetProperty("expiresInMs").GetInt64(), 1, 30_000);
        Assert.Single(agent.Received, f => SocketClient.Type(f) == "offer");
    }

    [Fact]
    public async Task Assigned_agent_transfers_to_a_skill_and_the_session_is_queued_again()
    {
        var skill = TestUsers.NewSkill();
        var (_, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        await agent.WaitForTypeAsync("offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned");

        var target = TestUsers.NewSkill();
        await agent.SendAsync(new { type = "transfer", sessionId, toSkill = target });
        var queued = await agent.WaitForAsync(f => IsSession(f, sessionId, "queued"), "queued after transfer");

        Assert.Equal(target, queued.GetProperty("skill").GetString());
        await visitor.WaitForAsync(f => IsItem(f, sessionId, -1) && f.GetProperty("kind").GetString() == "event" && f.GetProperty("event").GetString() == "transferred", "transferred event");
    }

    [Fact]
    public async Task Transfer_needs_exactly_one_target()
    {
        var (_, agentToken) = system.Agent(TestUsers.NewSkill());
        await using var agent = await SocketClient.ConnectAsync(system.GatewayWs, agentToken);

        await agent.SendAsync(new { type = "transfer", sessionId = "s-x", toAgentId = "a", toSkill = "b" });

        Assert.Equal("bad_frame", (await agent.WaitForTypeAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_agent_whose_socket_closes_goes_offline_after_the_short_grace_not_the_lease()
    {
        var (agentId, token) = system.Agent(TestUsers.NewSkill());
        var agent = system.SessionsServices.GetRequiredService<IActorProxyFactory>().Agent(TestTenants.Acme, agentId);
        await using (await OnlineAgentAsync(system, token))
        {
            Assert.Equal(AgentPresence.Online, (await agent.GetSnapshotAsync()).Presence);
        }

        // The grace is the default 10 s; the lease (60 s) alone would keep the agent online for a minute.
        var closedAt = DateTimeOffset.UtcNow;
        var offline = await Eventually.Until(agent.GetSnapshotAsync, a => a.Presence == AgentPresence.Offline, 40,
            "offline after the agent's only socket closed");
        Assert.InRange(offline.OfflineSince!.Value, closedAt, closedAt.AddSeconds(40));
    }

    [Fact]
    public async Task Visitor_cannot_accept_or_set_presence()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await visitor.SendAsync(new { type = "accept", sessionId = "s-x" });
        await visitor.SendAsync(new { type = "presence", status = "online" });

        Assert.Equal("forbidden", (await visitor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await visitor.WaitForTypeAsync("error")).GetProperty("code").GetString());
    }

    private static void AssertGapFree(IReadOnlyList<long> seqs)
    {
        Assert.NotEmpty(seqs);
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
    }
}
