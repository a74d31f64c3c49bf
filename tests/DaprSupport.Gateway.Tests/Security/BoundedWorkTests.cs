using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Bounded work per request (issue 11 item 7, security review M3/M8): timeline reads are paged with <c>limit</c> and
/// a <c>Link rel="next"</c> to the rest; request bodies on the client routes are capped (413 too_large).
/// </summary>
public sealed class BoundedWorkTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task A_timeline_read_pages_with_limit_and_a_next_link_until_the_end()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor, TestUsers.NewSkill());
        for (var i = 0; i < 3; i++)
        {
            await SendTextAsync(visitor, sessionId, "text " + i);
        }

        var seqs = new List<long>();
        var next = $"/v1/sessions/{sessionId}/timeline?afterSeq=0&limit=2";
        var pages = 0;
        while (next is not null)
        {
            using var response = await GetAsync(token, next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.InRange(page.GetArrayLength(), 1, 2);
            seqs.AddRange(page.EnumerateArray().Select(f => f.GetProperty("seq").GetInt64()));
            next = NextLink(response);
            pages++;
        }

        // Start text, queued event, three texts: 5 items in pages of 2, 2, 1.
        Assert.Equal([1, 2, 3, 4, 5], seqs);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-3")]
    public async Task A_limit_outside_1_to_500_is_invalid_argument(string limit)
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor, TestUsers.NewSkill());

        using var response = await GetAsync(token, $"/v1/sessions/{sessionId}/timeline?limit={limit}");

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidArgument);
    }

    [Fact]
    public async Task A_token_request_body_over_the_limit_is_413_too_large()
    {
        using var http = system.CreateHttpClient();
        var huge = "{\"tenant\":\"" + TestTenants.Acme + "\",\"displayName\":\"" + new string('x', 100_000) + "\"}";

        using var response = await http.PostAsync(new Uri("/v1/auth/visitor", UriKind.Relative), new StringContent(huge, Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.TooLarge);
    }

    [Fact]
    public async Task A_long_poll_body_over_the_limit_is_a_too_large_frame_and_the_cursor_stays_usable()
    {
        var poll = new LongPollClient(system.CreateHttpClient, system.Visitor().Token);
        var cursor = (await poll.PollAsync(null, 0)).Cursor;

        var answer = await poll.SendRawAsync(cursor, "{\"type\":\"ping\",\"pad\":\"" + new string('x', 100_000) + "\"}");

        Assert.Equal(ErrorCodes.TooLarge, Assert.Single(answer.Frames).GetProperty("code").GetString());
        Assert.Contains((await poll.SendAsync(answer.Cursor, new { type = "ping" })).Frames, f => SocketClient.Type(f) == "pong");
    }

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.Select(l => l.Split(';')).Where(p => p.Length == 2 && p[1].Trim() == "rel=\"next\"").Select(p => p[0].Trim().TrimStart('<').TrimEnd('>')).SingleOrDefault()
            : null;

    private async Task<HttpResponseMessage> GetAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var client = system.CreateHttpClient();
        return await client.SendAsync(request);
    }
}
