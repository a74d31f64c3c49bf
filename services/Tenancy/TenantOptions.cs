using DaprSupport.Configuration.Documents;

namespace DaprSupport.Tenancy;

/// <summary>
/// A tenant as configured (section <c>Tenants</c>): its API keys, the web origins its widget may use, blocked users,
/// the identity secrets its backend signs verified visitors with (several during a rotation; at least 32 characters),
/// and the SHA-256 hashes (hex) of the channel keys its non-browser clients present.
/// </summary>
public sealed class TenantOptions
{
    public List<string> ApiKeys { get; init; } = [];

    public List<string> AllowedOrigins { get; init; } = [];

    public List<string> BlockedUsers { get; init; } = [];

    public List<string> IdentitySecrets { get; init; } = [];

    public List<string> ChannelKeyHashes { get; init; } = [];

    /// <summary>
    /// The tenant's skill groups by name; a visitor may only name a <see cref="SkillGroupOptions.Public"/> one.
    /// </summary>
    public Dictionary<string, SkillGroupOptions> SkillGroups { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The tenant's canned replies until it has a configuration document.</summary>
    public List<CannedReply> CannedReplies { get; init; } = [];
}

/// <summary>
/// A skill group: <see cref="Public"/> ones may be chosen by visitors; <see cref="Priority"/> (0–9) is the queue
/// priority of the sessions visitors start in it (a configured rule, never the visitor's choice).
/// </summary>
public sealed class SkillGroupOptions
{
    public bool Public { get; init; }

    public int Priority { get; init; }
}
