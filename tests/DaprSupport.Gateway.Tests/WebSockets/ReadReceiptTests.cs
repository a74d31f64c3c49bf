using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Read receipts of docs/protocol.md ("Read receipts"): a participant's <c>read</c> frame is stored by the sessions
/// service and relayed as a <c>read</c> frame to every connection following the session (the reader's own included),
/// a connection that starts following learns the current marks, and no connection sees a mark go backwards.
/// </summary>
public sealed class ReadReceiptTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Visitor_read_reaches_the_agent_and_every_visitor_connection()
    {
        var skill = TestUsers.NewSkill();
        var (agentId, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        await agent.WaitForTypeAsync("offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => SocketClient.Type(f) == "session" && f.GetProperty("status").GetString() == "assigned", "assigned");
        await agent.SendAsync(new { type = "send", clientMsgId = "hi", sessionId, text = "How can I help?" });
        var seq = (await agent.WaitForAsync(f => SocketClient.Type(f) == "ack", "agent ack")).GetProperty("seq").GetInt64();
        await visitor.WaitForAsync(f => IsItem(f, sessionId, seq), "agent text at visitor");
        await using var phone = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        await phone.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = seq } });
        await phone.WaitForTypeAsync("session");

        await visitor.SendAsync(new { type = "read", sessionId, seq });

        var atAgent = await agent.WaitForAsync(f => IsRead(f, sessionId, "visitor", seq), "visitor's read at the agent");
        await phone.WaitForAsync(f => IsRead(f, sessionId, "visitor", seq), "visitor's read on the visitor's other connection");
        await visitor.WaitForAsync(f => IsRead(f, sessionId, "visitor", seq), "visitor's read on its own connection");
        var by = atAgent.GetProperty("by");
        Assert.Equal(VisitorHandles.Of(TestTenants.Acme, visitorId), by.GetProperty("id").GetString());
        Assert.Equal("Visitor " + visitorId[2..6], by.GetProperty("name").GetString());
        Assert.True(atAgent.GetProperty("ts").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.Equal("read", atAgent.EnumerateObject().First().Value.GetString());
        Assert.DoesNotContain(agent.Received, f => IsRead(f, sessionId, "agent", -1));
        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "error");
    }

    [Fact]
    public async Task Reconnecting_with_hello_resume_gets_the_current_mark_after_the_session_frame()
    {
        var (visitorId, token) = system.Visitor();
        string sessionId;
        await using (var first = await SocketClient.ConnectAsync(system.GatewayWs, token))
        {
            sessionId = await StartAsync(first);
            await first.WaitForAsync(f => IsItem(f, sessionId, 2), "queued event");
            await first.SendAsync(new { type = "read", sessionId, seq = 1 });
            await first.WaitForAsync(f => IsRead(f, sessionId, "visitor", 1), "read 1");
            await first.SendAsync(new { type = "read", sessionId, seq = 2 });
            await first.WaitForAsync(f => IsRead(f, sessionId, "visitor", 2), "read 2");
        }

        await using var resumed = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await resumed.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        await resumed.WaitForAsync(f => IsItem(f, sessionId, 2), "replayed queued event");

        var frames = resumed.Received.Where(f => f.TryGetProperty("sessionId", out var id) && id.GetString() == sessionId).Select(SocketClient.Type).ToList();
        Assert.Equal(["session", "read", "item", "item"], frames);
        var read = Assert.Single(resumed.Received, f => IsRead(f, sessionId, "visitor", -1));
        Assert.Equal((2L, visitorId), (read.GetProperty("seq").GetInt64(), read.GetProperty("by").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_stale_or_repeated_receipt_never_reaches_a_connection()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor);
        await visitor.WaitForAsync(f => IsItem(f, sessionId, 2), "queued event");
        await visitor.SendAsync(new { type = "read", sessionId, seq = 2 });
        await visitor.WaitForAsync(f => IsRead(f, sessionId, "visitor", 2), "read 2");

        // At-least-once pub/sub may redeliver a receipt, or deliver an older one late.
        var fanout = system.GatewayServices.GetRequiredService<ReplicaFanout>();
        var by = new Participant(Roles.Visitor, visitorId, null);
        Assert.Equal(1, fanout.Deliver(new SessionRead(TestTenants.Acme, sessionId, new ReadMark(by, 1, DateTimeOffset.UtcNow))));
        Assert.Equal(1, fanout.Deliver(new SessionRead(TestTenants.Acme, sessionId, new ReadMark(by, 2, DateTimeOffset.UtcNow))));
        await visitor.SendAsync(new { type = "ping" });
        await visitor.WaitForTypeAsync("pong");

        Assert.Equal(2, Assert.Single(visitor.Received, f => IsRead(f, sessionId, "visitor", -1)).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Malformed_read_frames_are_bad_frame()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await visitor.SendTextAsync("""{"type":"read","seq":1}""");
        await visitor.SendTextAsync("""{"type":"read","sessionId":"s-x"}""");
        await visitor.SendTextAsync("""{"type":"read","sessionId":"s-x","seq":-1}""");
        await visitor.SendTextAsync("""{"type":"read","sessionId":"s-x","seq":"one"}""");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("bad_frame", (await visitor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Read_of_another_tenants_session_is_not_found()
    {
        var (_, acmeToken) = system.Visitor();
        await using var acme = await SocketClient.ConnectAsync(system.GatewayWs, acmeToken);
        var sessionId = await StartAsync(acme);
        var (_, globexToken) = system.Visitor(TestTenants.Globex);
        await using var globex = await SocketClient.ConnectAsync(system.GatewayWs, globexToken);

        await globex.SendAsync(new { type = "read", sessionId, seq = 1 });

        Assert.Equal("not_found", (await globex.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.DoesNotContain(globex.Received, f => SocketClient.Type(f) is "session" or "read");
    }

    [Fact]
    public async Task Read_from_a_supervisor_is_forbidden()
    {
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor);
        var (_, supervisorToken) = system.Agent("general", "supervisor");
        await using var supervisor = await SocketClient.ConnectAsync(system.GatewayWs, supervisorToken);

        await supervisor.SendAsync(new { type = "read", sessionId, seq = 1 });

        Assert.Equal("forbidden", (await supervisor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.DoesNotContain(supervisor.Received, f => SocketClient.Type(f) == "read");
    }

    /// <summary>A read frame of the session by a participant of <paramref name="role"/> (at <paramref name="seq"/>, or any when negative).</summary>
}
