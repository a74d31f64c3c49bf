using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// <c>/v1/auth/*</c> is rate-limited per client IP and per tenant (429 problem+json <c>rate_limited</c> with
/// <c>Retry-After</c>), and the client IP comes from <c>X-Forwarded-For</c> only when the peer is a configured proxy.
/// The peer of these in-memory requests is set to <see cref="Peer"/>.
/// </summary>
public sealed class AuthRateLimitTests
{
    private const string Peer = "10.9.8.7";
    private static readonly Uri StaffRoute = new("/v1/auth/token", UriKind.Relative);

    [Fact]
    public async Task Past_the_per_ip_budget_token_requests_get_429_with_retry_after()
    {
        using var gateway = Gateway(("AuthLimits:PerIpPermits", "3"));
        using var client = gateway.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.PostAsJsonAsync(StaffRoute, Staff(TestTenants.Acme));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync(StaffRoute, Staff(TestTenants.Acme));
        using var renew = await client.PostAsync(new Uri("/v1/auth/renew", UriKind.Relative), null);

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        await Problem.AssertAsync(renew, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task Past_the_per_tenant_budget_only_that_tenant_is_limited()
    {
        using var gateway = Gateway(("AuthLimits:PerTenantPermits", "2"));
        using var client = gateway.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.PostAsJsonAsync(StaffRoute, Staff(TestTenants.Acme));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync(StaffRoute, Staff(TestTenants.Acme));
        using var other = await client.PostAsJsonAsync(StaffRoute, Staff(TestTenants.Globex));

        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_peer_that_is_not_a_configured_proxy_is_ignored()
    {
        using var gateway = Gateway(("AuthLimits:PerIpPermits", "2"));
        using var client = gateway.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, StaffRoute) { Content = JsonContent.Create(Staff(TestTenants.Acme)) };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await client.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task X_forwarded_for_from_a_configured_proxy_is_the_client_ip()
    {
        using var gateway = Gateway(("AuthLimits:PerIpPermits", "2"), ("ForwardedHeaders:KnownNetworks:0", "10.9.0.0/16"));
        using var client = gateway.CreateClient();

        var answers = new List<HttpStatusCode>();
        foreach (var ip in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.3", "203.0.113.3" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, StaffRoute) { Content = JsonContent.Create(Staff(TestTenants.Acme)) };
            request.Headers.Add("X-Forwarded-For", ip);
            using var response = await client.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    private static StaffTokenRequest Staff(string tenant) =>
        new(tenant, tenant == TestTenants.Acme ? TestTenants.AcmeKey : TestTenants.GlobexKey, "agent-1", "agent", null, ["general"], 1);

    private static WebApplicationFactory<GatewayService> Gateway(params (string Key, string Value)[] settings) =>
        new InMemoryGatewayFactory().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureServices(s => s.AddTransient<IStartupFilter, FixedPeer>());
        });

    /// <summary>Gives every in-memory request a remote address, before the app's own middleware runs.</summary>
    private sealed class FixedPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(Peer);
                return following(context);
            });
            next(app);
        };
    }
}
