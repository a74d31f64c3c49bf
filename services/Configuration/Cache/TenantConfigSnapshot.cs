using System.Net;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;

namespace DaprSupport.Configuration.Cache;

/// <summary>A verified configuration version, with the lookups the hot path needs built once.</summary>
public sealed class TenantConfigSnapshot
{
    public TenantConfigSnapshot(SignedTenantConfig signed, TenantConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(document);
        Signed = signed;
        Document = document;
        Origins = document.Tenant.WidgetOrigins.Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        BlockedIds = document.Blocks.UserIds.Concat(document.Blocks.VisitorIds).ToHashSet(StringComparer.Ordinal);
        BlockedRanges =
        [
            .. document.Blocks.Ips
                .Select(ip => TenantConfigRules.TryParseRange(ip, out var range) ? range : (IPNetwork?)null)
                .OfType<IPNetwork>(),
        ];
        KeyHashes = [.. document.Tenant.ApiKeys.Select(k => Convert.FromHexString(k.Sha256))];
        SkillGroups = document.SkillGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
    }

    public SignedTenantConfig Signed { get; }

    public TenantConfigDocument Document { get; }

    public long Version => Signed.Version;

    public bool Enabled => Document.Tenant.Enabled;

    public IReadOnlySet<string> Origins { get; }

    public IReadOnlySet<string> BlockedIds { get; }

    public IReadOnlyList<IPNetwork> BlockedRanges { get; }

    public IReadOnlyList<byte[]> KeyHashes { get; }

    /// <summary>The tenant's skill groups by name.</summary>
    public IReadOnlyDictionary<string, SkillGroup> SkillGroups { get; }

    public bool IsBlockedAddress(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return BlockedRanges.Any(r => r.Contains(plain));
    }
}
