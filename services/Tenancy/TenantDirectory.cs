using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DaprSupport.Tenancy;

/// <summary>Looks tenants up and checks API keys in constant time.</summary>
public sealed class TenantDirectory(IOptionsMonitor<Dictionary<string, TenantOptions>> tenants)
{
    public bool Exists(string tenant) => tenants.CurrentValue.ContainsKey(tenant);

    public bool IsValidKey(string tenant, string apiKey)
    {
        if (!tenants.CurrentValue.TryGetValue(tenant, out var options))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(apiKey);
        var match = false;
        foreach (var key in options.ApiKeys)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
        }

        return match;
    }

    /// <summary>Whether the tenant lets a browser page on <paramref name="origin"/> (scheme://host[:port]) open visitor sessions.</summary>
    public bool IsAllowedOrigin(string tenant, string? origin) =>
        origin is { Length: > 0 }
        && tenants.CurrentValue.TryGetValue(tenant, out var options)
        && options.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);

    public bool IsBlocked(string tenant, string userId) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options) && options.BlockedUsers.Contains(userId, StringComparer.Ordinal);

    /// <summary>
    /// The skill group a visitor of the tenant may start a session in: null (the default group) or a configured public
    /// group; false for an unknown or internal one.
    /// </summary>
    public bool TryGetPublicSkill(string tenant, string? skill, out SkillGroupOptions? group)
    {
        group = null;
        if (skill is null)
        {
            return true;
        }

        return tenants.CurrentValue.TryGetValue(tenant, out var options)
            && options.SkillGroups.TryGetValue(skill, out group)
            && group.Public;
    }

    /// <summary>Whether the tenant configured this skill group (public or internal): where staff may transfer to.</summary>
    public bool IsSkillGroup(string tenant, string skill) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options) && options.SkillGroups.ContainsKey(skill);
}
