using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Http;

/// <summary>
/// The HTTP routes of docs/protocol.md ("Timeline over HTTP", "Long-poll fallback"): the timeline read for participants
/// and same-tenant supervisors, and long-poll send/poll carrying the same frames as the WebSocket, and closed by its
/// client.
/// </summary>
public sealed class HttpFallbackTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Timeline_is_readable_by_its_visitor_after_a_seq()
    {
        var (_, token) = system.Visitor();
        var (sessionId, _) = await StartByLongPollAsync(token);

        using var response = await GetAsync($"/v1/sessions/{sessionId}/timeline?afterSeq=1", token);
        var items = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, items[0].GetProperty("seq").GetInt64());
        Assert.Equal("item", items[0].GetProperty("type").GetString());
        Assert.Equal("queued", items[0].GetProperty("event").GetString());
    }

    [Fact]
    public async Task Timeline_is_readable_by_a_supervisor_of_the_same_tenant_only()
    {
        var (_, token) = system.Visitor();
        var (sessionId, _) = await StartByLongPollAsync(token);
        var (_, acmeSupervisor) = system.Agent("general", "supervisor");
        var (_, globexSupervisor) = system.Agent("general", "supervisor", TestTenants.Globex);

        using var same = await GetAsync($"/v1/sessions/{sessionId}/timeline", acmeSupervisor);
        using var other = await GetAsync($"/v1/sessions/{sessionId}/timeline", globexSupervisor);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        await Problem.AssertAsync(other, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Timeline_refuses_strangers_and_missing_tokens()
    {
        var (_, token) = system.Visitor();
        var (sessionId, _) = await StartByLongPollAsync(token);
        var (_, stranger) = system.Visitor();
        var (_, agent) = system.Agent("general");

        using var byStranger = await GetAsync($"/v1/sessions/{sessionId}/timeline", stranger);
        using var byAgent = await GetAsync($"/v1/sessions/{sessionId}/timeline", agent);
        using var anonymous = await GetAsync($"/v1/sessions/{sessionId}/timeline", null);
        using var negative = await GetAsync($"/v1/sessions/{sessionId}/timeline?afterSeq=-1", token);

        await Problem.AssertAsync(byStranger, HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(byAgent, HttpStatusCode.NotFound, "not_found");
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        await Problem.AssertAsync(negative, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Long_poll_send_answers_the_same_reply_frames_and_poll_the_pushed_items()
    {
        var (_, token) = system.Visitor();
        var (sessionId, cursor) = await StartByLongPollAsync(token);

        var (frames, next) = await PollUntilAsync(token, cursor, f => f.Any(x => IsItem(x, sessionId, 2)));

        Assert.Equal([1L, 2L], frames.Where(f => IsItem(f, sessionId, -1)).Select(f => f.GetProperty("seq").GetInt64()));
        Assert.NotEqual(cursor, next);
    }

    [Fact]
    public async Task Retried_poll_with_the_same_cursor_gets_the_same_frames_and_the_next_cursor_moves_on()
    {
        var (_, token) = system.Visitor();
        var (sessionId, cursor) = await StartByLongPollAsync(token);
        var (frames, next) = await PollUntilAsync(token, cursor, f => f.Any(x => IsItem(x, sessionId, 2)));

        var (again, againNext) = await PollAsync(token, cursor, 0);
        var (send, _) = await SendAsync(token, next, new { type = "send", clientMsgId = "lp-2", sessionId, text = "more" });
        var (after, _) = await PollUntilAsync(token, next, f => f.Any(x => IsItem(x, sessionId, 3)));

        Assert.Equal(frames.Select(f => f.GetRawText()), again.Take(frames.Count).Select(f => f.GetRawText()));
        Assert.Equal(next, againNext);
        Assert.Equal(3, send.Single(f => f.GetProperty("type").GetString() == "ack").GetProperty("seq").GetInt64());
        Assert.DoesNotContain(after, f => IsItem(f, sessionId, 1) || IsItem(f, sessionId, 2));
    }

    [Fact]
    public async Task Long_poll_waits_until_an_item_arrives()
    {
        var (_, token) = system.Visitor();
        var (sessionId, cursor) = await StartByLongPollAsync(token);
        var (_, next) = await PollUntilAsync(token, cursor, f => f.Any(x => IsItem(x, sessionId, 2)));

        var waiting = PollAsync(token, next, 20);
        await using (var socket = await SocketClient.ConnectAsync(system.GatewayWs, token))
        {
            await socket.SendAsync(new { type = "send", clientMsgId = "from-ws", sessionId, text = "ws" });
            await socket.WaitForAsync(f => SocketClient.Type(f) == "ack", "ack");
        }

        var (frames, _) = await waiting;
        Assert.Contains(frames, f => IsItem(f, sessionId, 3));
    }

    [Fact]
    public async Task Long_poll_read_answers_nothing_the_receipt_comes_from_poll_and_a_new_conversation_gets_the_mark_with_the_session()
    {
        var (_, token) = system.Visitor();
        var (sessionId, cursor) = await StartByLongPollAsync(token);

        var (answer, next) = await SendAsync(token, cursor, new { type = "read", sessionId, seq = 1 });
        var (polled, _) = await PollUntilAsync(token, next, f => f.Any(x => IsRead(x, sessionId, 1)));
        var (resumed, _) = await SendAsync(token, null, new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });

        Assert.Empty(answer);
        Assert.Single(polled, f => IsRead(f, sessionId, -1));
        Assert.Equal(["session", "read"], resumed.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal(1, resumed[1].GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Long_poll_send_of_a_bad_frame_answers_bad_frame_and_without_a_token_401()
    {
        var (_, token) = system.Visitor();

        var (frames, _) = await SendRawAsync(token, null, "{nope");
        using var anonymous = await system.CreateHttpClient().PostAsync(new Uri("/v1/send", UriKind.Relative), new StringContent("{\"type\":\"ping\"}", Encoding.UTF8, "application/json"));

        Assert.Equal("bad_frame", frames.Single().GetProperty("code").GetString());
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Long_poll_send_of_a_lone_surrogate_type_answers_bad_frame_and_the_cursor_stays_usable()
    {
        var (_, token) = system.Visitor();

        var (frames, cursor) = await SendRawAsync(token, null, "{\"type\":\"\\ud800\"}");
        var (pong, _) = await SendAsync(token, cursor, new { type = "ping" });

        Assert.Equal("bad_frame", frames.Single().GetProperty("code").GetString());
        Assert.Equal("pong", pong.Single().GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_long_poll_agent_whose_client_says_goodbye_goes_offline_after_the_short_grace_not_the_idle_cursor()
    {
        var (agentId, token) = system.Agent(TestUsers.NewSkill());
        var agent = system.SessionsServices.GetRequiredService<IActorProxyFactory>().Agent(TestTenants.Acme, agentId);
        var (_, cursor) = await SendAsync(token, null, new { type = "presence", status = "online" });
        Assert.Equal(AgentPresence.Online, (await agent.GetSnapshotAsync()).Presence);

        using (var closed = await Client(token).CloseAsync(cursor))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        // The grace is the default 10 s; an abandoned cursor would keep the agent online for its 90 s idle and more.
        var closedAt = DateTimeOffset.UtcNow;
        var offline = await Eventually.Until(agent.GetSnapshotAsync, a => a.Presence == AgentPresence.Offline, 40,
            "offline after the agent's only cursor was closed");
        Assert.InRange(offline.OfflineSince!.Value, closedAt, closedAt.AddSeconds(40));
    }

    private async Task<(string SessionId, string Cursor)> StartByLongPollAsync(string token)
    {
        var (frames, cursor) = await SendAsync(token, null, new { type = "start", clientMsgId = "lp-start", skill = TestUsers.NewSkill(), text = "Hi from long-poll" });
        var ack = frames.Single(f => f.GetProperty("type").GetString() == "ack");
        Assert.Contains(frames, f => f.GetProperty("type").GetString() == "session");
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        return (ack.GetProperty("sessionId").GetString()!, cursor);
    }

    private Task<(IReadOnlyList<JsonElement> Frames, string Cursor)> SendAsync(string token, string? cursor, object frame) =>
        SendRawAsync(token, cursor, JsonSerializer.Serialize(frame));

    private async Task<(IReadOnlyList<JsonElement> Frames, string Cursor)> SendRawAsync(string token, string? cursor, string frame)
    {
        var answer = await Client(token).SendRawAsync(cursor, frame);
        return (answer.Frames, answer.Cursor);
    }

    private async Task<(IReadOnlyList<JsonElement> Frames, string Cursor)> PollAsync(string token, string cursor, int waitSeconds)
    {
        var answer = await Client(token).PollAsync(cursor, waitSeconds);
        return (answer.Frames, answer.Cursor);
    }

    private Task<(IReadOnlyList<JsonElement> Frames, string Cursor)> PollUntilAsync(string token, string cursor, Func<IReadOnlyList<JsonElement>, bool> done) =>
        Client(token).PollUntilAsync(cursor, done);

    private LongPollClient Client(string token) => new(system.CreateHttpClient, token);

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await system.CreateHttpClient().SendAsync(request);
    }

    private static bool IsRead(JsonElement f, string sessionId, long seq) =>
        f.GetProperty("type").GetString() == "read" && f.GetProperty("sessionId").GetString() == sessionId && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);

    private static bool IsItem(JsonElement f, string sessionId, long seq) =>
        f.GetProperty("type").GetString() == "item" && f.GetProperty("sessionId").GetString() == sessionId && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);
}
