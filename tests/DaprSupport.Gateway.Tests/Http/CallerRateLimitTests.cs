using System.Net;
using System.Net.Http.Headers;
using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.Http;

/// <summary>
/// The HTTP routes of <c>/v1</c> are limited per caller (security review M8; docs/protocol.md "Limits"): a token
/// bucket per bearer token, or per client address without one; beyond it 429 problem+json <c>rate_limited</c> with
/// <c>Retry-After</c>, and other callers are unaffected.
/// </summary>
public sealed class CallerRateLimitTests
{
    [Fact]
    public async Task A_caller_over_its_burst_gets_429_with_retry_after_and_another_caller_does_not()
    {
        using var gateway = new KestrelGateway(("Gateway:CallerRequestBurst", "3"), ("Gateway:CallerRequestsPerSecond", "1"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gateway.Socket.Authority}") };
        await WarmUpAsync(http, gateway);
        var busy = gateway.AgentToken("busy-agent");

        // Sent together, so the bucket (3, one more a second) cannot refill in between.
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GetAsync(http, busy)));
        using var other = await GetAsync(http, gateway.AgentToken("other-agent"));

        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 3, 4);
        var refused = answers.First(a => a.StatusCode != HttpStatusCode.OK);
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Requests_without_a_token_share_their_address_bucket()
    {
        using var gateway = new KestrelGateway(("Gateway:CallerRequestBurst", "2"), ("Gateway:CallerRequestsPerSecond", "1"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gateway.Socket.Authority}") };
        await WarmUpAsync(http, gateway);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => GetAsync(http, token: null)));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    /// <summary>One request of a caller of its own, so the routes are compiled before the measured ones.</summary>
    private static async Task WarmUpAsync(HttpClient http, KestrelGateway gateway)
    {
        using var warm = await GetAsync(http, gateway.AgentToken("warm-up"));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/canned-replies");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
