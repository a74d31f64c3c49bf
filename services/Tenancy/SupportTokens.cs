using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DaprSupport.Tenancy;

/// <summary>
/// Issues the platform's bearer tokens (HS256 JWTs with a <c>kid</c>, claims in <see cref="SupportClaims"/>) and
/// defines how they are validated: the one place issuers and validators agree on the format. The gateway validates
/// with ASP.NET Core's JWT bearer handler on <see cref="Validation"/> (<see cref="SupportAuthentication"/>).
/// </summary>
public sealed class SupportTokens
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private readonly TokenOptions _options;
    private readonly TimeProvider _time;
    private readonly SigningKeyRing _keys;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SupportTokens(IOptions<TokenOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        if (SigningKeyRing.Problem(_options.SigningKeys) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        _keys = new SigningKeyRing(_options.SigningKeys);
        Validation = Parameters(TimeSpan.Zero);
    }

    /// <summary>What a valid token is: ours (issuer, audience), HS256 with a listed <c>kid</c>, not expired.</summary>
    public TokenValidationParameters Validation { get; }

    public TimeSpan LifetimeFor(string role) =>
        role == Contracts.Roles.Visitor ? _options.VisitorLifetime : _options.StaffLifetime;

    public IssuedToken Issue(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var now = _time.GetUtcNow();
        var expires = now + LifetimeFor(principal.Role);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = SupportClaims.Of(principal),
            SigningCredentials = new SigningCredentials(_keys.Signing(now), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>
    /// The principal of a well-formed, correctly signed, unexpired token of ours; null for anything else.
    /// </summary>
    public async Task<SupportPrincipal?> ValidateAsync(string? token) =>
        (await ValidateCallerAsync(token).ConfigureAwait(false))?.Principal;

    /// <summary>The caller (principal and expiry) of a valid token, as the JWT bearer handler accepts
    /// it.</summary>
    public Task<AuthenticatedCaller?> ValidateCallerAsync(string? token) => ReadAsync(token, Validation);

    /// <summary>
    /// A token that may be renewed: valid in every respect except that it may have expired up to
    /// <see cref="TokenOptions.RenewalGrace"/> ago.
    /// </summary>
    public Task<AuthenticatedCaller?> ValidateForRenewalAsync(string? token) =>
        ReadAsync(token, Parameters(_options.RenewalGrace));

    private async Task<AuthenticatedCaller?> ReadAsync(string? token, TokenValidationParameters parameters)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        return result.IsValid
            ? SupportClaims.From(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity))
            : null;
    }

    private TokenValidationParameters Parameters(TimeSpan grace) => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        TryAllIssuerSigningKeys = false,
        IssuerSigningKeyResolver = (_, _, kid, _) => _keys.Validating(kid, _time.GetUtcNow()),
        ClockSkew = Skew,
        LifetimeValidator = (notBefore, expires, _, p) => ValidLifetime(notBefore, expires, p.ClockSkew + grace),
    };

    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } e && now < e + skew && (notBefore is not { } nb || now + Skew >= nb);
    }
}
