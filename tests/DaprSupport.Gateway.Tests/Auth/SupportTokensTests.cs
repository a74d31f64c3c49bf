using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// Token validation rules of docs/protocol.md ("Authentication"): only our own HS256 tokens, unexpired, with the
/// expected issuer and audience, are accepted; the signing key must be configured (and long enough).
/// </summary>
public sealed class SupportTokensTests
{
    private static readonly SupportPrincipal Agent = new("acme", "agent-1", "agent", null, ["general"], 2);

    [Fact]
    public async Task Issued_token_round_trips()
    {
        var tokens = Create(TestTenants.SigningKey);

        Assert.Equal("agent-1", (await tokens.ValidateAsync(tokens.Issue(Agent).Token))!.UserId);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var past = Create(TestTenants.SigningKey, new ShiftedTime(-TimeSpan.FromHours(9)));

        Assert.Null(await Create(TestTenants.SigningKey).ValidateAsync(past.Issue(Agent).Token));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var other = Create("another-signing-key-0123456789abcdefghij");

        Assert.Null(await Create(TestTenants.SigningKey).ValidateAsync(other.Issue(Agent).Token));
    }

    [Fact]
    public async Task Tampered_payload_is_rejected()
    {
        var tokens = Create(TestTenants.SigningKey);
        var parts = tokens.Issue(Agent).Token.Split('.');
        var forged = tokens.Issue(Agent with { Role = "supervisor" }).Token.Split('.')[1];

        Assert.Null(await tokens.ValidateAsync(string.Join('.', parts[0], forged, "x" + parts[2][1..])));
        Assert.Null(await tokens.ValidateAsync("not-a-token"));
        Assert.Null(await tokens.ValidateAsync(null));
    }

    [Fact]
    public void Short_or_missing_signing_key_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Create("short"));
        Assert.Throws<InvalidOperationException>(() => Create(null));
    }

    private static SupportTokens Create(string? key, TimeProvider? time = null) =>
        new(Options.Create(new TokenOptions { SigningKey = key }), time ?? TimeProvider.System);
}
