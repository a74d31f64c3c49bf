using System.Net;
using System.Security.Cryptography;
using System.Text;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using Microsoft.Extensions.Options;

namespace DaprSupport.Tenancy;

/// <summary>
/// The one read interface for tenants: their runtime configuration from this replica's
/// <see cref="TenantConfigCache"/> (never the store), or, for a tenant that has none yet, its seed in section
/// <c>Tenants</c> (Development: <c>demo</c>).
/// Credentials (API keys, channel keys) are compared in constant time.
/// </summary>
public sealed class TenantDirectory(
    IOptionsMonitor<Dictionary<string, TenantOptions>> tenants, TenantConfigCache configs)
{
    /// <summary>
    /// One change signal for everything this directory answers: raised with the tenant when a new configuration
    /// version of it is applied to this replica's cache, and with null when the seed section reloads (any tenant may
    /// have changed). What listens re-checks its callers (blocks, a disabled tenant) on it.
    /// </summary>
    public IDisposable OnChange(Action<string?> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        Action<TenantConfigSnapshot> applied = snapshot => changed(snapshot.Signed.Tenant);
        configs.Changed += applied;
        var seed = tenants.OnChange(_ => changed(null));
        return new Subscription(() =>
        {
            configs.Changed -= applied;
            seed?.Dispose();
        });
    }

    /// <summary>Whether the tenant exists and is enabled (a disabled tenant issues no tokens).</summary>
    public bool Exists(string tenant) =>
        configs.TryGet(tenant, out var config) ? config.Enabled : tenants.CurrentValue.ContainsKey(tenant);

    /// <summary>
    /// Whether the tenant is one this system knows, enabled or not: a token of a disabled tenant is still its
    /// (refused as blocked, 403/4403), a token of an unknown one is nobody's (401/4401).
    /// </summary>
    public bool IsKnown(string tenant) =>
        configs.TryGet(tenant, out _) || tenants.CurrentValue.ContainsKey(tenant);

    public bool IsValidKey(string tenant, string apiKey)
    {
        var given = Encoding.UTF8.GetBytes(apiKey);
        var match = false;
        if (configs.TryGet(tenant, out var config))
        {
            var hash = SHA256.HashData(given);
            foreach (var key in config.KeyHashes)
            {
                match |= CryptographicOperations.FixedTimeEquals(hash, key);
            }

            return match && config.Enabled;
        }

        if (!tenants.CurrentValue.TryGetValue(tenant, out var options))
        {
            return false;
        }

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
    public bool IsAllowedOrigin(string tenant, string? origin)
    {
        if (origin is not { Length: > 0 })
        {
            return false;
        }

        var trimmed = origin.TrimEnd('/');
        return configs.TryGet(tenant, out var config)
            ? config.Origins.Contains(trimmed)
            : tenants.CurrentValue.TryGetValue(tenant, out var options)
                && options.AllowedOrigins.Contains(trimmed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether the user or visitor is blocked, or its tenant disabled.</summary>
    public bool IsBlocked(string tenant, string userId) =>
        configs.TryGet(tenant, out var config)
            ? !config.Enabled || config.BlockedIds.Contains(userId)
            : tenants.CurrentValue.TryGetValue(tenant, out var options)
                && options.BlockedUsers.Contains(userId, StringComparer.Ordinal);

    /// <summary>Whether the tenant blocks this client address (its block list of IPs and CIDR ranges).</summary>
    public bool IsBlockedAddress(string tenant, IPAddress? address) =>
        configs.TryGet(tenant, out var config) && config.IsBlockedAddress(address);

    /// <summary>
    /// The seed of a tenant without runtime configuration, as a document (version 0): what an admin reads before the
    /// first write. Keys become their hashes. Null when the tenant has no seed.
    /// </summary>
    public TenantConfigDocument? Seed(string tenant) =>
        tenants.CurrentValue.TryGetValue(tenant, out var options)
            ? new TenantConfigDocument
            {
                Tenant = new TenantSection
                {
                    DisplayName = tenant,
                    WidgetOrigins = [.. options.AllowedOrigins],
                    ApiKeys =
                    [
                        .. options.ApiKeys.Select((key, i) => new ApiKeyHash(
                            $"seed-{i + 1}", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))))),
                    ],
                },
                SkillGroups =
                [
                    .. options.SkillGroups.Select(g => new SkillGroup
                    {
                        Name = g.Key,
                        Visibility = g.Value.Public ? SkillVisibility.Public : SkillVisibility.Internal,
                        Priority = Math.Clamp(g.Value.Priority, 0, TenantConfigRules.MaxSkillPriority),
                    }),
                ],
                Blocks = new BlockLists { UserIds = [.. options.BlockedUsers] },
                CannedReplies = [.. options.CannedReplies],
            }
            : null;

    /// <summary>The tenant's canned replies: from its configuration document, else its seed (none: empty).</summary>
    public IReadOnlyList<CannedReply> CannedReplies(string tenant) =>
        configs.TryGet(tenant, out var config)
            ? config.Document.CannedReplies
            : tenants.CurrentValue.TryGetValue(tenant, out var options) ? options.CannedReplies : [];

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

    /// <summary>
    /// Whether a visitor of the tenant may start a session in <paramref name="skill"/>: none (the default group) or
    /// one of its public skill groups; <paramref name="priority"/> is that group's configured queue priority (0 for
    /// none). False for an unknown or internal group.
    /// </summary>
    public bool TryGetPublicSkill(string tenant, string? skill, out int priority)
    {
        priority = 0;
        if (skill is null)
        {
            return true;
        }

        if (configs.TryGet(tenant, out var config))
        {
            var found = config.SkillGroups.TryGetValue(skill, out var group)
                && group.Visibility == SkillVisibility.Public;
            priority = found ? group!.Priority : 0;
            return found;
        }

        if (tenants.CurrentValue.TryGetValue(tenant, out var options)
            && options.SkillGroups.TryGetValue(skill, out var seeded) && seeded.Public)
        {
            priority = seeded.Priority;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the tenant configured this skill group (public or internal): where staff may transfer to.
    /// </summary>
    public bool IsSkillGroup(string tenant, string skill) =>
        configs.TryGet(tenant, out var config)
            ? config.SkillGroups.ContainsKey(skill)
            : tenants.CurrentValue.TryGetValue(tenant, out var options) && options.SkillGroups.ContainsKey(skill);

    /// <summary>
    /// The tenant's client frame rate limits; null where it sets none (the gateway's defaults apply).
    /// </summary>
    public RateLimits? RateLimitsOf(string tenant) =>
        configs.TryGet(tenant, out var config) ? config.Document.RateLimits : null;

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
