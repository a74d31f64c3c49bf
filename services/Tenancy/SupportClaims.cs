using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DaprSupport.Tenancy;

/// <summary>
/// The claims of the platform's tokens: <c>sub</c> = user id, <c>tid</c> = tenant, <c>role</c>, <c>name</c>,
/// <c>skills</c>, <c>cap</c> (capacity), <c>prio</c> (a verified visitor's priority), and the mapping to and from
/// <see cref="SupportPrincipal"/>.
/// </summary>
public static class SupportClaims
{
    public const string Tenant = "tid";
    public const string Role = "role";
    public const string Name = "name";
    public const string Skills = "skills";
    public const string Capacity = "cap";
    public const string Priority = "prio";

    public static Dictionary<string, object> Of(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = principal.UserId,
            [Tenant] = principal.Tenant,
            [Role] = principal.Role,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (principal.DisplayName is { Length: > 0 } name)
        {
            claims[Name] = name;
        }

        if (principal.Skills.Count > 0)
        {
            claims[Skills] = principal.Skills.ToArray();
        }

        if (principal.Capacity is { } capacity)
        {
            claims[Capacity] = capacity;
        }

        if (principal.Priority is { } priority)
        {
            claims[Priority] = priority;
        }

        return claims;
    }

    /// <summary>
    /// The principal and expiry a validated identity names; null when a required claim is missing or malformed.
    /// </summary>
    public static AuthenticatedCaller? From(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        string? Value(string type) => user.FindFirst(type)?.Value;
        int? Number(string type) =>
            int.TryParse(Value(type), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var (sub, tenant, role) = (Value(JwtRegisteredClaimNames.Sub), Value(Tenant), Value(Role));
        if (string.IsNullOrEmpty(sub) || string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(role)
            || !long.TryParse(
                Value(JwtRegisteredClaimNames.Exp), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp))
        {
            return null;
        }

        if (role is not (Contracts.Roles.Visitor or Contracts.Roles.Agent or Contracts.Roles.Supervisor
            or Contracts.Roles.Admin))
        {
            return null;
        }

        var priority = Number(Priority);
        if (priority is < 0 or > SupportPrincipal.MaxPriority)
        {
            return null;
        }

        var skills = user.FindAll(Skills).Select(c => c.Value).ToArray();
        var principal = new SupportPrincipal(tenant, sub, role, Value(Name), skills, Number(Capacity), priority);
        return new AuthenticatedCaller(principal, DateTimeOffset.FromUnixTimeSeconds(exp));
    }
}

/// <summary>A validated token's principal and when the token expires.</summary>
public sealed record AuthenticatedCaller(SupportPrincipal Principal, DateTimeOffset ExpiresAt);
