using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Gateway;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DaprSupport.Tenancy;

/// <summary>A visitor identity the tenant's backend vouched for: its user id and the attributes it signed.</summary>
public sealed record VerifiedIdentity(string UserId, string? Name, int? Priority)
{
    /// <summary>
    /// The principal id of a verified user: <c>u_</c> + the tenant's user id. Anonymous visitors are <c>v_</c> + 32
    /// hex digits and can never present an id of this form, so nobody claims a verified identity without a signature.
    /// </summary>
    public string VisitorId => VisitorIdPrefix + UserId;

    public const string VisitorIdPrefix = "u_";
}

/// <summary>
/// Identity verification for visitors (as Intercom's): the tenant's backend proves who its logged-in user is with
/// its identity secret, either as <c>userHash</c> = lowercase hex HMAC-SHA256(secret, userId) (the id alone), or as
/// <c>identityToken</c> = an HS256 JWT signed with the secret (<c>sub</c>, <c>exp</c> required; <c>name</c> and
/// <c>priority</c> 0–9 optional), which also signs the attributes. Every configured secret is tried
/// (rotation).
/// </summary>
public sealed class VisitorIdentities(TenantDirectory tenants, TimeProvider time)
{
    private const int MaxIdLength = 128;
    private const int MinSecretLength = 32;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Whether the request asks for a verified identity at all.</summary>
    public static bool Requested(VisitorTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.UserId is not null || request.UserHash is not null || request.IdentityToken is not null;
    }

    /// <summary>
    /// The verified identity, or why not: <c>unauthorized</c> (bad signature), <c>invalid_argument</c>, or
    /// <c>forbidden</c> (the tenant verifies nobody).
    /// </summary>
    public async Task<(VerifiedIdentity? Identity, string? Code, string? Message)> VerifyAsync(
        string tenant, VisitorTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secrets = tenants.IdentitySecrets(tenant).Where(s => s.Length >= MinSecretLength).ToList();
        if (secrets.Count == 0)
        {
            return (null, ErrorCodes.Forbidden, "This tenant does not verify visitor identities.");
        }

        if (request.IdentityToken is { } token)
        {
            return await FromTokenAsync(token, secrets).ConfigureAwait(false);
        }

        if (!IsUserId(request.UserId) || request.UserHash is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigit))
        {
            return (null, ErrorCodes.InvalidArgument,
                "Identity verification needs userId (1–128 letters, digits, '-', '_', '.', '@', ':') and userHash "
                + "(64 hex digits), or identityToken.");
        }

        var given = Convert.FromHexString(hash);
        var match = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.UserId!));
            match |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return match
            ? (new VerifiedIdentity(request.UserId!, null, null), null, null)
            : (null, ErrorCodes.Unauthorized, "userHash does not match userId.");
    }

    private async Task<(VerifiedIdentity?, string?, string?)> FromTokenAsync(string token, List<string> secrets)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = secrets.Select(s => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(s))).ToList(),
            TryAllIssuerSigningKeys = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (nb, exp, _, p) => Current(nb, exp, p.ClockSkew),
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, ErrorCodes.Unauthorized,
                "identityToken is not signed with the tenant's identity secret, or expired.");
        }

        string? Text(string claim, int max) =>
            jwt.TryGetPayloadValue<string>(claim, out var v) && v is { Length: > 0 } && v.Length <= max ? v : null;
        var userId = Text(JwtRegisteredClaimNames.Sub, MaxIdLength);
        if (!IsUserId(userId))
        {
            return (null, ErrorCodes.InvalidArgument,
                "identityToken.sub must be 1–128 letters, digits, '-', '_', '.', '@' or ':'.");
        }

        int? priority = null;
        if (jwt.TryGetPayloadValue<object>("priority", out var raw) && raw is not null)
        {
            var text = Convert.ToString(raw, CultureInfo.InvariantCulture);
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
                || p is < 0 or > SupportPrincipal.MaxPriority)
            {
                return (null, ErrorCodes.InvalidArgument,
                    $"identityToken.priority must be an integer 0–{SupportPrincipal.MaxPriority}.");
            }

            priority = p;
        }

        return (new VerifiedIdentity(userId!, Text("name", 1024), priority), null, null);
    }

    private bool Current(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } e && now < e + skew && (notBefore is not { } nb || now + skew >= nb);
    }

    private static bool IsUserId(string? value) =>
        value is { Length: > 0 and <= MaxIdLength }
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or ':' or '-');
}
