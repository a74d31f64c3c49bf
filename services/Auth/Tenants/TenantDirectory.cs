using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DaprSupport.Auth.Tenants;

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

    public bool IsBlocked(string tenant, string userId) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options) && options.BlockedUsers.Contains(userId, StringComparer.Ordinal);
}
