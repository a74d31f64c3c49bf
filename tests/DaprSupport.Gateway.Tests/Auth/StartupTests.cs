using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts.Gateway;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>Startup rules of docs/protocol.md ("Authentication"): no signing key outside Development fails fast; Development seeds demo.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Production_without_a_signing_key_fails_at_startup()
    {
        using var factory = new WebApplicationFactory<GatewayService>().WithWebHostBuilder(b => b
            .UseEnvironment("Production").UseSetting("APP_API_TOKEN", "an-app-token"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Tokens:SigningKeys is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_timeout_not_longer_than_the_ping_interval_fails_at_startup()
    {
        using var factory = new Infrastructure.InMemoryGatewayFactory().WithWebHostBuilder(b => b.UseSetting("Gateway:IdleTimeout", "00:00:10"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.True(error.ToString().Contains("Gateway:IdleTimeout", StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task Development_seeds_the_demo_tenant()
    {
        using var factory = new WebApplicationFactory<GatewayService>().WithWebHostBuilder(b => b.UseEnvironment("Development"));

        using var response = await factory.CreateClient().PostAsJsonAsync(
            new Uri("/v1/auth/token", UriKind.Relative),
            new StaffTokenRequest("demo", "demo-key", "agent-1", "agent", null, ["general"], 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
