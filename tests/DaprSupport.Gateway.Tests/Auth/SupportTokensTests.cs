using System.Security.Cryptography;
using System.Text;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DaprSupport.Gateway.Tests.Auth;

/// <summary>
/// Token validation rules of docs/protocol.md ("Authentication") and docs/security.md ("Client tokens"): only our own
/// HS256 tokens with a listed <c>kid</c>, unexpired, with the expected issuer and audience, are accepted; the newest
/// active key signs and every listed one validates (rotation); keys must be configured, base64 of ≥ 32 bytes.
/// </summary>
public sealed class SupportTokensTests
{
    private static readonly SupportPrincipal Agent = new("acme", "agent-1", "agent", null, ["general"], 2);
    private static readonly SigningKeyOptions Old = Key("2025-a");
    private static readonly SigningKeyOptions New = Key("2026-b");

    [Fact]
    public async Task Issued_token_round_trips_and_names_its_key()
    {
        var tokens = Create(TestTenants.TokenOptions());
        var token = tokens.Issue(Agent).Token;

        Assert.Equal(Agent, await tokens.ValidateAsync(token));
        Assert.Equal(TestTenants.SigningKeyId, new JsonWebToken(token).Kid);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var past = Create(TestTenants.TokenOptions(), new ShiftedTime(-TimeSpan.FromHours(2)));

        Assert.Null(await Create(TestTenants.TokenOptions()).ValidateAsync(past.Issue(Agent).Token));
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var other = Create(Options(Key(TestTenants.SigningKeyId)));

        Assert.Null(await Create(TestTenants.TokenOptions()).ValidateAsync(other.Issue(Agent).Token));
    }

    [Fact]
    public async Task During_a_rollover_the_newest_key_signs_and_both_validate()
    {
        var before = Create(Options(Old)).Issue(Agent).Token;
        var during = Create(Options(Old, New));
        var after = Create(Options(New));

        var issued = during.Issue(Agent).Token;

        Assert.Equal(New.Id, new JsonWebToken(issued).Kid);
        Assert.NotNull(await during.ValidateAsync(before));
        Assert.NotNull(await after.ValidateAsync(issued));
        Assert.Null(await after.ValidateAsync(before));
    }

    [Fact]
    public async Task A_key_not_yet_active_validates_but_does_not_sign_and_a_retired_key_does_neither()
    {
        var future = Key("next");
        future.NotBefore = DateTimeOffset.UtcNow.AddHours(1);
        var retired = Key("retired");
        var retiredToken = Create(Options(retired)).Issue(Agent).Token;
        retired.NotAfter = DateTimeOffset.UtcNow.AddMinutes(-1);
        var tokens = Create(Options(Old, future, retired));
        var fromFuture = Create(Options(Key("next", future.Key))).Issue(Agent).Token;

        Assert.Equal(Old.Id, new JsonWebToken(tokens.Issue(Agent).Token).Kid);
        Assert.NotNull(await tokens.ValidateAsync(fromFuture));
        Assert.Null(await tokens.ValidateAsync(retiredToken));
    }

    [Fact]
    public async Task Unknown_kid_is_rejected_even_when_a_listed_key_made_the_signature()
    {
        var signer = Create(Options(Key("unlisted", Old.Key)));

        Assert.Null(await Create(Options(Old)).ValidateAsync(signer.Issue(Agent).Token));
    }

    [Fact]
    public async Task Tampered_payload_unsigned_and_garbage_tokens_are_rejected()
    {
        var tokens = Create(TestTenants.TokenOptions());
        var parts = tokens.Issue(Agent).Token.Split('.');
        var forged = tokens.Issue(Agent with { Role = "supervisor" }).Token.Split('.')[1];
        var none = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + TestTenants.SigningKeyId + "\"}") + "." + parts[1] + ".";

        Assert.Null(await tokens.ValidateAsync(string.Join('.', parts[0], forged, "x" + parts[2][1..])));
        Assert.Null(await tokens.ValidateAsync(none));
        Assert.Null(await tokens.ValidateAsync("not-a-token"));
        Assert.Null(await tokens.ValidateAsync(null));
    }

    [Fact]
    public async Task Renewal_accepts_a_token_expired_within_the_grace_only()
    {
        var options = TestTenants.TokenOptions();
        options.RenewalGrace = TimeSpan.FromMinutes(10);
        var lately = Create(options, new ShiftedTime(-TimeSpan.FromMinutes(65))).Issue(Agent).Token;
        var longAgo = Create(options, new ShiftedTime(-TimeSpan.FromMinutes(75))).Issue(Agent).Token;
        var tokens = Create(options);

        Assert.Null(await tokens.ValidateAsync(lately));
        Assert.Equal(Agent, (await tokens.ValidateForRenewalAsync(lately))?.Principal);
        Assert.Null(await tokens.ValidateForRenewalAsync(longAgo));
    }

    [Theory]
    [InlineData("short", "k")]
    [InlineData("not base64 at all, though long enough to be a key!", "k")]
    [InlineData(null, "k")]
    [InlineData("Z2F0ZXdheS10ZXN0cy1zaWduaW5nLWtleS0wMTIzNDU=", null)]
    public void Short_malformed_or_missing_keys_are_refused(string? key, string? id)
    {
        Assert.Throws<InvalidOperationException>(() => Create(Options(new SigningKeyOptions { Id = id, Key = key })));
        Assert.Throws<InvalidOperationException>(() => Create(new TokenOptions()));
    }

    private static SigningKeyOptions Key(string id, string? key = null) =>
        new() { Id = id, Key = key ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    private static TokenOptions Options(params SigningKeyOptions[] keys)
    {
        var options = new TokenOptions();
        options.SigningKeys.AddRange(keys);
        return options;
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static SupportTokens Create(TokenOptions options, TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System);
}
