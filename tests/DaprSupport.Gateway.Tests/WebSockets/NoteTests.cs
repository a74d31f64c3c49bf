using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// <c>note</c> (docs/protocol.md "Notes"): a staff-only timeline item with its own seq, acked like a send, delivered
/// to staff only; the visitor never receives it on its socket, long-poll, resume or HTTP timeline read (its seqs have
/// a gap there), and a visitor cannot write one.
/// </summary>
public sealed class NoteTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    private const string Secret = "VIP customer, be nice (internal)";

    [Fact]
    public async Task A_note_reaches_staff_and_never_the_visitors_socket_resume_or_timeline()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await AssignedAsync(visitor, agent, skill);
        var (_, supervisorToken) = system.Agent(skill, "supervisor");
        await using var supervisor = await SocketClient.ConnectAsync(system.GatewayWs, supervisorToken);
        await supervisor.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        await supervisor.WaitForAsync(f => IsSession(f, sessionId), "session at the supervisor");

        await agent.SendAsync(new { type = "note", clientMsgId = "n1", sessionId, text = Secret });
        var noteSeq = (await agent.WaitForAsync(f => IsAck(f, "n1"), "note ack")).GetProperty("seq").GetInt64();
        await agent.SendAsync(new { type = "send", clientMsgId = "t1", sessionId, text = "How can I help?" });
        var textSeq = (await agent.WaitForAsync(f => IsAck(f, "t1"), "text ack")).GetProperty("seq").GetInt64();

        var note = await agent.WaitForAsync(f => IsItem(f, sessionId, noteSeq), "note at the agent");
        await supervisor.WaitForAsync(f => IsItem(f, sessionId, noteSeq) && Kind(f) == "note", "note at the supervisor");
        await visitor.WaitForAsync(f => IsItem(f, sessionId, textSeq), "text after the note at the visitor");
        await using var resumed = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        await resumed.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        await resumed.WaitForAsync(f => IsItem(f, sessionId, textSeq), "text in the replay");
        await SettledAsync(visitor);
        await SettledAsync(resumed);
        using var visitorTimeline = await GetTimelineAsync(sessionId, visitorToken);
        using var supervisorTimeline = await GetTimelineAsync(sessionId, supervisorToken);

        Assert.Equal(textSeq - 1, noteSeq);
        Assert.Equal(("note", Secret, "agent"), (Kind(note), note.GetProperty("text").GetString(), note.GetProperty("from").GetProperty("role").GetString()));
        foreach (var socket in new[] { visitor, resumed })
        {
            Assert.DoesNotContain(noteSeq, socket.Seqs(sessionId));
            Assert.DoesNotContain(Secret, socket.Dump(), StringComparison.Ordinal);
            Assert.DoesNotContain(socket.Received, f => SocketClient.Type(f) == "error");
        }

        var visitorItems = await visitorTimeline.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, visitorTimeline.StatusCode);
        Assert.DoesNotContain(visitorItems.EnumerateArray(), i => i.GetProperty("seq").GetInt64() == noteSeq || Kind(i) == "note");
        Assert.Contains(visitorItems.EnumerateArray(), i => i.GetProperty("seq").GetInt64() == textSeq);
        var staffItems = await supervisorTimeline.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(staffItems.EnumerateArray(), i => i.GetProperty("seq").GetInt64() == noteSeq && Kind(i) == "note");
    }

    [Fact]
    public async Task A_visitor_on_long_poll_never_receives_a_note()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        var poll = new LongPollClient(system.CreateHttpClient, system.Visitor().Token);
        var started = await poll.SendAsync(null, new { type = "start", clientMsgId = "lp", skill, text = "Hello by poll" });
        var sessionId = started.Frames.Single(f => SocketClient.Type(f) == "ack").GetProperty("sessionId").GetString()!;
        await agent.WaitForAsync(f => SocketClient.Type(f) == "offer" && f.GetProperty("sessionId").GetString() == sessionId, "offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned");

        await agent.SendAsync(new { type = "note", clientMsgId = "n1", sessionId, text = Secret });
        var noteSeq = (await agent.WaitForAsync(f => IsAck(f, "n1"), "note ack")).GetProperty("seq").GetInt64();
        await agent.SendAsync(new { type = "send", clientMsgId = "t1", sessionId, text = "Hello from the desk" });
        var textSeq = (await agent.WaitForAsync(f => IsAck(f, "t1"), "text ack")).GetProperty("seq").GetInt64();
        var (frames, _) = await poll.PollUntilAsync(started.Cursor, all => all.Any(f => IsItem(f, sessionId, textSeq)));

        Assert.DoesNotContain(frames, f => IsItem(f, sessionId, noteSeq));
        Assert.DoesNotContain(frames, f => f.GetRawText().Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_visitor_writing_a_note_is_forbidden_and_a_note_without_text_is_a_bad_frame()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var sessionId = await AssignedAsync(visitor, agent, skill);

        await visitor.SendAsync(new { type = "note", clientMsgId = "vn", sessionId, text = "sneaky" });
        await agent.SendAsync(new { type = "note", clientMsgId = "empty", sessionId });

        var refused = await visitor.WaitForTypeAsync("error");
        Assert.Equal(("forbidden", "vn"), (refused.GetProperty("code").GetString(), refused.GetProperty("clientMsgId").GetString()));
        var bad = await agent.WaitForTypeAsync("error");
        Assert.Equal(("bad_frame", "empty"), (bad.GetProperty("code").GetString(), bad.GetProperty("clientMsgId").GetString()));
        await SettledAsync(agent);
        Assert.DoesNotContain(agent.Received, f => SocketClient.Type(f) == "item" && Kind(f) == "note");
    }

    private static string? Kind(JsonElement f) => f.GetProperty("kind").GetString();

    private async Task<HttpResponseMessage> GetTimelineAsync(string sessionId, string token)
    {
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}/timeline");
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }
}
