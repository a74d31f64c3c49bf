using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DaprSupport.Tenancy;

/// <summary>
/// Issues and validates the platform's bearer tokens (HS256 JWTs): <c>sub</c> = user id, <c>tid</c> = tenant,
/// <c>role</c>, <c>name</c>, <c>skills</c> and <c>cap</c> (capacity). The one place that defines the format.
/// </summary>
public sealed class SupportTokens
{
    private const string TenantClaim = "tid";
    private const string RoleClaim = "role";
    private const string NameClaim = "name";
    private const string SkillsClaim = "skills";
    private const string CapacityClaim = "cap";

    private readonly TokenOptions _options;
    private readonly TimeProvider _time;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TokenValidationParameters _validation;

    public SupportTokens(IOptions<TokenOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        var keyBytes = Encoding.UTF8.GetBytes(_options.SigningKey ?? throw new InvalidOperationException(
            $"{TokenOptions.Section}:SigningKey is not configured."));
        if (keyBytes.Length < TokenOptions.MinKeyBytes)
        {
            throw new InvalidOperationException(
                $"{TokenOptions.Section}:SigningKey must be at least {TokenOptions.MinKeyBytes} bytes.");
        }

        _key = new SymmetricSecurityKey(keyBytes);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) => ValidLifetime(notBefore, expires, p.ClockSkew),
        };
    }

    public TimeSpan LifetimeFor(string role) =>
        role == Contracts.Roles.Visitor ? _options.VisitorLifetime : _options.StaffLifetime;

    public IssuedToken Issue(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var now = _time.GetUtcNow();
        var expires = now + LifetimeFor(principal.Role);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = principal.UserId,
            [TenantClaim] = principal.Tenant,
            [RoleClaim] = principal.Role,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (principal.DisplayName is { Length: > 0 } name)
        {
            claims[NameClaim] = name;
        }

        if (principal.Skills.Count > 0)
        {
            claims[SkillsClaim] = principal.Skills.ToArray();
        }

        if (principal.Capacity is { } capacity)
        {
            claims[CapacityClaim] = capacity;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>
    /// The principal of a well-formed, correctly signed, unexpired token of ours; null for anything else.
    /// </summary>
    public async Task<SupportPrincipal?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (!jwt.TryGetPayloadValue<string>(TenantClaim, out var tenant)
            || !jwt.TryGetPayloadValue<string>(RoleClaim, out var role)
            || string.IsNullOrEmpty(jwt.Subject) || string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(role))
        {
            return null;
        }

        jwt.TryGetPayloadValue<string>(NameClaim, out var name);
        var skills = jwt.TryGetPayloadValue<string[]>(SkillsClaim, out var s) && s is not null ? s : [];
        int? capacity = jwt.TryGetPayloadValue<int>(CapacityClaim, out var cap) ? cap : null;
        return new SupportPrincipal(tenant, jwt.Subject, role, name, skills, capacity);
    }

    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } e && now < e + skew && (notBefore is not { } nb || now + skew >= nb);
    }
}
