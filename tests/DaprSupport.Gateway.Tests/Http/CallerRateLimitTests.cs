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
        var busy = gateway.AgentToken("busy-agent");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await GetAsync(http, busy);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await GetAsync(http, busy);
        await Problem.AssertAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        using var other = await GetAsync(http, gateway.AgentToken("other-agent"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_token_share_their_address_bucket()
    {
        using var gateway = new KestrelGateway(("Gateway:CallerRequestBurst", "2"), ("Gateway:CallerRequestsPerSecond", "1"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gateway.Socket.Authority}") };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await GetAsync(http, token: null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
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
