using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>One answer of <c>/v1/send</c> or <c>/v1/poll</c>.</summary>
public sealed record PollAnswer(IReadOnlyList<JsonElement> Frames, string Cursor, bool Reset);

/// <summary>The long-poll transport of docs/protocol.md as a client uses it: send one frame, poll with a cursor.</summary>
public sealed class LongPollClient(Func<HttpClient> http, string token)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public Task<PollAnswer> SendAsync(string? cursor, object frame) => SendRawAsync(cursor, JsonSerializer.Serialize(frame));

    public async Task<PollAnswer> SendRawAsync(string? cursor, string frame)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/send" + (cursor is null ? "" : "?cursor=" + cursor), UriKind.Relative))
        {
            Content = new StringContent(frame, Encoding.UTF8, "application/json"),
        };
        return await ReadAsync(await SendAsync(request));
    }

    public async Task<PollAnswer> PollAsync(string? cursor, int waitSeconds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/poll?cursor={cursor}&waitSeconds={waitSeconds}", UriKind.Relative));
        return await ReadAsync(await SendAsync(request));
    }

    /// <summary><c>DELETE /v1/poll?cursor=…</c>: the client is leaving; the raw answer.</summary>
    public async Task<HttpResponseMessage> CloseAsync(string cursor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/v1/poll?cursor={Uri.EscapeDataString(cursor)}", UriKind.Relative));
        return await SendAsync(request);
    }

    /// <summary>Polls (each poll waits for news) until the frames gathered since <paramref name="cursor"/> satisfy <paramref name="done"/>.</summary>
    public async Task<(IReadOnlyList<JsonElement> Frames, string Cursor)> PollUntilAsync(string cursor, Func<IReadOnlyList<JsonElement>, bool> done)
    {
        var all = new List<JsonElement>();
        var deadline = DateTime.UtcNow + Patience;
        while (!done(all))
        {
            Assert.True(DateTime.UtcNow < deadline, "Poll gave " + string.Join(", ", all.Select(f => f.GetRawText())));
            var answer = await PollAsync(cursor, 5);
            all.AddRange(answer.Frames);
            cursor = answer.Cursor;
        }

        return (all, cursor);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var client = http();
        return await client.SendAsync(request);
    }

    private static async Task<PollAnswer> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var json = JsonDocument.Parse(body).RootElement;
            return new PollAnswer(
                json.GetProperty("frames").EnumerateArray().Select(f => f.Clone()).ToList(),
                json.GetProperty("cursor").GetString()!,
                json.TryGetProperty("reset", out var reset) && reset.GetBoolean());
        }
    }
}
