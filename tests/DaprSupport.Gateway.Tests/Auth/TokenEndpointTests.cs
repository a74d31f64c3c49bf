using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// The public token routes of docs/protocol.md ("Authentication"): staff tokens for a tenant's backend (API key),
/// visitor tokens for the widget (Origin allowlist), blocked users refused, every refusal problem+json with a code.
/// </summary>
public sealed class TokenEndpointTests(InMemoryGatewayFactory factory) : IClassFixture<InMemoryGatewayFactory>
{
    private static readonly Uri StaffRoute = new("/v1/auth/token", UriKind.Relative);
    private static readonly Uri VisitorRoute = new("/v1/auth/visitor", UriKind.Relative);

    private SupportTokens Tokens => factory.Services.GetRequiredService<SupportTokens>();

    [Fact]
    public async Task Staff_token_carries_tenant_user_role_skills_and_capacity()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff(skills: ["billing", "tech", "billing"], capacity: 3));
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var principal = await Tokens.ValidateAsync(body!.Token);
        Assert.Equal(new SupportPrincipal(TestTenants.Acme, "agent-7", "agent", "Ada", principal!.Skills, 3), principal);
        Assert.Equal(["billing", "tech"], principal.Skills);
        Assert.InRange(body.ExpiresAt, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
    }

    [Fact]
    public async Task Supervisor_tokens_are_issued_too()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff(role: "supervisor"));
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();

        Assert.Equal("supervisor", (await Tokens.ValidateAsync(body!.Token))!.Role);
    }

    [Theory]
    [InlineData(TestTenants.Acme, "wrong-key")]
    [InlineData(TestTenants.Acme, TestTenants.GlobexKey)]
    [InlineData("nosuchtenant", TestTenants.AcmeKey)]
    [InlineData(TestTenants.Acme, "")]
    public async Task Wrong_key_or_tenant_is_401_unauthorized(string tenant, string apiKey)
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { Tenant = tenant, ApiKey = apiKey });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Demo_tenant_is_not_seeded_outside_Development()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { Tenant = "demo", ApiKey = "demo-key" });

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("visitor")]
    [InlineData("system")]
    [InlineData("root")]
    [InlineData(null)]
    public async Task Role_other_than_agent_supervisor_or_admin_is_invalid(string? role)
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { Role = role });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    /// <summary>Issue 12: tenant admins get their tokens like agents, with their tenant's API key.</summary>
    [Fact]
    public async Task Admin_tokens_are_issued_like_agent_tokens()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { Role = "admin" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    public async Task Missing_or_malformed_user_id_is_invalid(string? userId)
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { UserId = userId });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public async Task Capacity_out_of_range_is_invalid(int capacity)
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff(capacity: capacity));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Blocked_staff_user_gets_no_token()
    {
        using var response = await factory.CreateClient().PostAsJsonAsync(StaffRoute, Staff() with { UserId = TestTenants.BlockedAgent });

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "blocked");
    }

    [Fact]
    public async Task Visitor_from_an_allowed_origin_gets_a_new_visitor_id()
    {
        using var response = await PostVisitorAsync(new VisitorTokenRequest(TestTenants.Acme, null, "Grace"), TestTenants.AcmeOrigin);
        var body = await response.Content.ReadFromJsonAsync<VisitorTokenResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^v_[0-9a-f]{32}$", body!.VisitorId);
        Assert.Equal(new SupportPrincipal(TestTenants.Acme, body.VisitorId, "visitor", "Grace", [], null) with { Skills = [] }, (await Tokens.ValidateAsync(body.Token))! with { Skills = [] });
        Assert.InRange(body.ExpiresAt, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
    }

    [Fact]
    public async Task Returning_visitor_keeps_its_visitor_id()
    {
        var id = "v_" + Guid.NewGuid().ToString("N");
        using var response = await PostVisitorAsync(new VisitorTokenRequest(TestTenants.Acme, id, null), TestTenants.AcmeOrigin + "/");
        var body = await response.Content.ReadFromJsonAsync<VisitorTokenResponse>();

        Assert.Equal(id, body!.VisitorId);
        Assert.Equal(id, (await Tokens.ValidateAsync(body.Token))!.UserId);
    }

    [Fact]
    public async Task Visitor_id_not_of_the_issued_form_is_invalid()
    {
        using var response = await PostVisitorAsync(new VisitorTokenRequest(TestTenants.Acme, "agent-7", null), TestTenants.AcmeOrigin);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.test")]
    [InlineData("https://globex.test")]
    public async Task Visitor_from_an_origin_the_tenant_does_not_allow_is_forbidden(string? origin)
    {
        using var response = await PostVisitorAsync(new VisitorTokenRequest(TestTenants.Acme, null, null), origin);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Visitor_for_an_unknown_tenant_is_unauthorized()
    {
        using var response = await PostVisitorAsync(new VisitorTokenRequest("nosuchtenant", null, null), TestTenants.AcmeOrigin);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Blocked_visitor_gets_no_token()
    {
        using var response = await PostVisitorAsync(new VisitorTokenRequest(TestTenants.Acme, TestTenants.BlockedVisitor, null), TestTenants.AcmeOrigin);

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "blocked");
    }

    private static StaffTokenRequest Staff(string role = "agent", IReadOnlyList<string>? skills = null, int? capacity = 2) =>
        new(TestTenants.Acme, TestTenants.AcmeKey, "agent-7", role, "Ada", skills ?? ["general"], capacity);

    private async Task<HttpResponseMessage> PostVisitorAsync(VisitorTokenRequest body, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VisitorRoute) { Content = JsonContent.Create(body) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await factory.CreateClient().SendAsync(request);
    }
}
