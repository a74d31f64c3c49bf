using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DaprSupport.Tenancy;

/// <summary>
/// Looks tenants up and checks their credentials (API keys, channel keys) in constant time: the one read interface to
/// tenant settings.
/// </summary>
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

    /// <summary>
    /// Whether the tenant lets a browser page on <paramref name="origin"/> (scheme://host[:port])
    /// open visitor sessions.
    /// </summary>
    public bool IsAllowedOrigin(string tenant, string? origin) =>
        origin is { Length: > 0 }
        && tenants.CurrentValue.TryGetValue(tenant, out var options)
        && options.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Calls <paramref name="changed"/> whenever the tenant settings are reloaded (e.g. a user was blocked).
    /// </summary>
    public IDisposable? OnChange(Action changed) => tenants.OnChange(_ => changed());

    public bool IsBlocked(string tenant, string userId) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options)
            && options.BlockedUsers.Contains(userId, StringComparer.Ordinal);

    /// <summary>
    /// The secrets the tenant's backend signs verified visitor identities with (empty: none accepted).
    /// </summary>
    public IReadOnlyList<string> IdentitySecrets(string tenant) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options) ? options.IdentitySecrets : [];

    /// <summary>
    /// Whether <paramref name="channelKey"/> hashes (SHA-256, hex) to one of the tenant's channel key hashes.
    /// </summary>
    public bool IsValidChannelKey(string tenant, string channelKey)
    {
        if (!tenants.CurrentValue.TryGetValue(tenant, out var options))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(channelKey));
        var match = false;
        foreach (var hash in options.ChannelKeyHashes)
        {
            var expected = hash.Length == given.Length * 2 && hash.All(char.IsAsciiHexDigit)
                ? Convert.FromHexString(hash)
                : [];
            match |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        return match;
    }
}
