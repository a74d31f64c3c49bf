using DaprSupport.Contracts;
using System.Diagnostics;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.Tracing;

/// <summary>
/// One message is one trace from socket to socket (README "Tracing"): the send frame's span (a new root linked to the
/// connection) parents the invocation of sessions, whose append turn writes the history and publishes the item; the
/// gateway's delivery continues that trace from the CloudEvent's traceparent (as daprd's delivery span does), and each
/// recipient connection records a ws.push span under that delivery, in the same trace.
/// </summary>
public sealed class TraceTreeTests(GatewaySystem system) : IClassFixture<GatewaySystem>, IDisposable
{
    private readonly SpanCollector _spans = new();

    [Fact]
    public async Task A_send_is_one_trace_from_the_frame_to_a_push_on_each_recipient_socket()
    {
        var skill = TestUsers.NewSkill();
        var (agentId, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = system.Visitor();
        var visitorHandle = VisitorHandles.Of(TestTenants.Acme, visitorId); // a visitor is traced by its handle
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        await visitor.SendAsync(new { type = "start", clientMsgId = "s", skill, text = "hi" });
        var sessionId = (await visitor.WaitForTypeAsync("ack")).GetProperty("sessionId").GetString()!;
        await agent.WaitForTypeAsync("offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned (visitor)");

        await agent.SendAsync(new { type = "send", clientMsgId = "traced", sessionId, text = "How can I help?" });
        var seq = (await agent.WaitForAsync(f => IsAck(f, "traced"), "agent ack")).GetProperty("seq").GetInt64();
        await visitor.WaitForAsync(f => IsItem(f, sessionId, seq), "item at visitor");

        bool IsSendFrame(Activity a) => a.OperationName == "ws.frame" && Tag(a, "frame.type") == "send"
            && Tag(a, "session.id") == sessionId && Tag(a, "enduser.id") == agentId;
        bool IsItemPush(Activity a, string userId) => a.OperationName == "ws.push" && Tag(a, "push.kind") == "ItemArrived" && Tag(a, "enduser.id") == userId;
        ActivityTraceId? FrameTrace(IReadOnlyList<Activity> ended) => ended.FirstOrDefault(IsSendFrame)?.TraceId;
        bool DeliveredToBoth(IReadOnlyList<Activity> ended) => FrameTrace(ended) is { } id
            && ended.Where(a => IsItemPush(a, agentId) && a.TraceId == id).Select(a => a.ParentSpanId)
                .Intersect(ended.Where(a => IsItemPush(a, visitorHandle) && a.TraceId == id).Select(a => a.ParentSpanId)).Any();
        var spans = await _spans.WaitForAsync(DeliveredToBoth,
            "the send frame's span and, in its trace, the item pushed to both recipient sockets by one delivery");

        var frame = spans.Single(IsSendFrame);
        var trace = spans.Where(a => a.TraceId == frame.TraceId).ToList();
        Assert.Equal(default, frame.ParentSpanId);
        Assert.Equal("ok", Tag(frame, "frame.outcome"));
        Assert.Equal("agent", Tag(frame, "role"));
        var connection = Assert.Single(frame.Links).Context;
        Assert.NotEqual(frame.TraceId, connection.TraceId);

        // The frame → the call of the session actor itself (through the gateway's sidecar, not the sessions HTTP API)
        // → the append turn and its steps, publish included.
        var invoke = Assert.Single(trace, a => a.Source.Name == "System.Net.Http" && a.ParentSpanId == frame.SpanId);
        Assert.Equal(ActivityKind.Client, invoke.Kind);
        Assert.Contains($"/v1.0/actors/{ActorTypes.Session}/", Tag(invoke, "url.full"), StringComparison.Ordinal);
        Assert.EndsWith("/method/AppendTextAsync", Tag(invoke, "url.full"), StringComparison.Ordinal);
        var turn = Assert.Single(trace, a => a.OperationName == "session.append" && Tag(a, "session.id") == sessionId);
        Assert.All(["history", "state", "publish"], step =>
            Assert.Single(trace, a => a.OperationName == $"session.append.{step}" && a.ParentSpanId == turn.SpanId));

        // The publish → the gateway's delivery of the item, continued from the CloudEvent (one trace, not a new one) →
        // a push onto each recipient socket, each push a child of that delivery's span.
        var agentPush = Assert.Single(trace, a => IsItemPush(a, agentId));
        var visitorPush = Assert.Single(trace, a => IsItemPush(a, visitorHandle));
        Assert.Equal(agentPush.ParentSpanId, visitorPush.ParentSpanId);
        var delivery = Assert.Single(trace, a => a.SpanId == agentPush.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", delivery.Source.Name);
        Assert.Equal(ActivityKind.Server, delivery.Kind);
        Assert.Contains("/events/timeline", delivery.DisplayName, StringComparison.Ordinal);
        var publish = Assert.Single(trace, a => a.OperationName == "session.append.publish");
        Assert.True(delivery.StartTimeUtc >= publish.StartTimeUtc, "the delivery starts after the publish step");
        Assert.Equal(connection, Assert.Single(agentPush.Links).Context);
        Assert.NotEqual(connection, Assert.Single(visitorPush.Links).Context);
    }

    [Fact]
    public async Task Two_frames_on_one_connection_are_two_traces_linked_to_the_connection()
    {
        var (visitorId, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await visitor.SendAsync(new { type = "ping" });
        await visitor.WaitForTypeAsync("pong");
        await visitor.SendAsync(new { type = "ping" });
        await visitor.WaitForAsync(f => SocketClient.Type(f) == "pong" && visitor.Received.Count(r => SocketClient.Type(r) == "pong") == 2, "second pong");

        // A visitor is traced by its handle: its id is its bearer secret.
        var handle = VisitorHandles.Of(TestTenants.Acme, visitorId);
        bool IsPing(Activity a) => a.OperationName == "ws.frame" && Tag(a, "frame.type") == "ping" && Tag(a, "enduser.id") == handle;
        var spans = await _spans.WaitForAsync(ended => ended.Count(IsPing) == 2, "two ping frame spans");
        Assert.DoesNotContain(spans, a => a.Tags.Any(t => t.Value == visitorId));

        var pings = spans.Where(IsPing).ToList();
        Assert.NotEqual(pings[0].TraceId, pings[1].TraceId);
        Assert.All(pings, p => Assert.Equal(default, p.ParentSpanId));
        var connection = Assert.Single(pings[0].Links).Context;
        Assert.Equal(connection, Assert.Single(pings[1].Links).Context);
        Assert.NotEqual(default, connection.TraceId);
        Assert.All(pings, p => Assert.Equal("visitor", Tag(p, "role")));
    }

    public void Dispose() => _spans.Dispose();

    private static string? Tag(Activity activity, string key) => activity.GetTagItem(key)?.ToString();
}
