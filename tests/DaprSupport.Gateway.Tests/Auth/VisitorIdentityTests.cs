using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// Identity-verified visitors, non-browser channels and renewal (docs/protocol.md "Visitor tokens", "Renewal"): the
/// tenant's backend signs its user (userHash or identityToken) and the token is bound to <c>u_</c> + that user id; a
/// client without Origin needs a verified identity or the channel key; nobody claims a verified id without the
/// secret; renewal keeps the principal.
/// </summary>
public sealed class VisitorIdentityTests(InMemoryGatewayFactory factory) : IClassFixture<InMemoryGatewayFactory>
{
    private static readonly Uri VisitorRoute = new("/v1/auth/visitor", UriKind.Relative);
    private static readonly Uri RenewRoute = new("/v1/auth/renew", UriKind.Relative);

    private SupportTokens Tokens => factory.Services.GetRequiredService<SupportTokens>();

    [Fact]
    public async Task User_hash_binds_the_token_to_the_tenants_user_on_any_client()
    {
        var request = new VisitorTokenRequest(TestTenants.Acme, null, "Alice", UserId: "alice@acme", UserHash: UserHash("alice@acme"));

        using var browser = await PostAsync(request, TestTenants.AcmeOrigin);
        using var phone = await PostAsync(request, origin: null);

        foreach (var response in new[] { browser, phone })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<VisitorTokenResponse>();
            Assert.Equal("u_alice@acme", body!.VisitorId);
            Assert.Equal(new SupportPrincipal(TestTenants.Acme, "u_alice@acme", "visitor", "Alice", [], null), await Tokens.ValidateAsync(body.Token));
        }
    }

    [Fact]
    public async Task Identity_token_signs_name_and_priority()
    {
        var identity = IdentityToken(TestTenants.AcmeIdentitySecret, new() { ["sub"] = "bob-42", ["name"] = "Bob (gold)", ["priority"] = 7 });

        using var response = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, "ignored", IdentityToken: identity), origin: null);
        var body = await response.Content.ReadFromJsonAsync<VisitorTokenResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new SupportPrincipal(TestTenants.Acme, "u_bob-42", "visitor", "Bob (gold)", [], null, Priority: 7), await Tokens.ValidateAsync(body!.Token));
        Assert.Equal("7", new JsonWebToken(body.Token).GetPayloadValue<object>(SupportClaims.Priority).ToString());
    }

    [Theory]
    [InlineData("wrong-hash")]
    [InlineData("another-tenants-secret-0123456789abcdef")]
    [InlineData("expired")]
    public async Task A_bad_signature_is_401(string how)
    {
        var request = how switch
        {
            "wrong-hash" => new VisitorTokenRequest(TestTenants.Acme, null, null, UserId: "alice@acme", UserHash: UserHash("mallory")),
            "expired" => new VisitorTokenRequest(TestTenants.Acme, null, null, IdentityToken: IdentityToken(TestTenants.AcmeIdentitySecret, new() { ["sub"] = "alice@acme" }, TimeSpan.FromMinutes(-5))),
            _ => new VisitorTokenRequest(TestTenants.Acme, null, null, IdentityToken: IdentityToken(how, new() { ["sub"] = "alice@acme" })),
        };

        using var response = await PostAsync(request, TestTenants.AcmeOrigin);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Malformed_identity_claims_are_invalid_argument()
    {
        var tooHigh = IdentityToken(TestTenants.AcmeIdentitySecret, new() { ["sub"] = "carol", ["priority"] = 12 });

        using var priority = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, null, IdentityToken: tooHigh), TestTenants.AcmeOrigin);
        using var noHash = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, null, UserId: "carol"), TestTenants.AcmeOrigin);

        await Problem.AssertAsync(priority, HttpStatusCode.BadRequest, "invalid_argument");
        await Problem.AssertAsync(noHash, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task An_anonymous_visitor_cannot_claim_a_verified_identity()
    {
        using var response = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, "u_alice@acme", null), TestTenants.AcmeOrigin);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task A_tenant_without_identity_secrets_verifies_nobody()
    {
        using var response = await PostAsync(
            new VisitorTokenRequest(TestTenants.Globex, null, null, UserId: "alice@acme", UserHash: UserHash("alice@acme")), "https://globex.test");

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_verified_identity_from_a_foreign_origin_is_still_forbidden()
    {
        using var response = await PostAsync(
            new VisitorTokenRequest(TestTenants.Acme, null, null, UserId: "alice@acme", UserHash: UserHash("alice@acme")), "https://evil.test");

        await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Without_an_origin_the_channel_key_gets_an_anonymous_visitor_token()
    {
        using var good = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, "App user", ChannelKey: TestTenants.AcmeChannelKey), origin: null);
        using var wrong = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, null, ChannelKey: "guessed"), origin: null);
        using var none = await PostAsync(new VisitorTokenRequest(TestTenants.Acme, null, null), origin: null);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Matches("^v_[0-9a-f]{32}$", (await good.Content.ReadFromJsonAsync<VisitorTokenResponse>())!.VisitorId);
        await Problem.AssertAsync(wrong, HttpStatusCode.Forbidden, "forbidden");
        await Problem.AssertAsync(none, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Renewal_gives_a_new_token_for_the_same_principal()
    {
        var principal = new SupportPrincipal(TestTenants.Acme, "u_dana", "visitor", "Dana", [], null, Priority: 3);
        var old = Tokens.Issue(principal);

        using var response = await RenewAsync(old.Token);
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(old.Token, body!.Token);
        Assert.Equal(principal, await Tokens.ValidateAsync(body.Token));
    }

    [Fact]
    public async Task Renewal_refuses_garbage_long_expired_and_blocked()
    {
        var expired = new SupportTokens(Microsoft.Extensions.Options.Options.Create(TestTenants.TokenOptions()), new ShiftedTime(-TimeSpan.FromHours(3)))
            .Issue(new SupportPrincipal(TestTenants.Acme, "agent-9", "agent", null, [], 1));
        var blocked = Tokens.Issue(new SupportPrincipal(TestTenants.Acme, TestTenants.BlockedVisitor, "visitor", null, [], null));

        using var garbage = await RenewAsync("not-a-token");
        using var tooLate = await RenewAsync(expired.Token);
        using var refused = await RenewAsync(blocked.Token);

        await Problem.AssertAsync(garbage, HttpStatusCode.Unauthorized, "unauthorized");
        await Problem.AssertAsync(tooLate, HttpStatusCode.Unauthorized, "unauthorized");
        await Problem.AssertAsync(refused, HttpStatusCode.Forbidden, "blocked");
    }

    internal static string UserHash(string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestTenants.AcmeIdentitySecret), Encoding.UTF8.GetBytes(userId)));

    internal static string IdentityToken(string secret, Dictionary<string, object> claims, TimeSpan? lifetime = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)),
            NotBefore = DateTime.UtcNow.AddMinutes(-10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });

    private async Task<HttpResponseMessage> RenewAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RenewRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(VisitorTokenRequest body, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VisitorRoute) { Content = JsonContent.Create(body) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await factory.CreateClient().SendAsync(request);
    }
}
