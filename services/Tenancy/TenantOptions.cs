namespace DaprSupport.Tenancy;

/// <summary>A tenant as configured (section <c>Tenants</c>): its API keys and the web origins its widget may use.</summary>
public sealed class TenantOptions
{
    public List<string> ApiKeys { get; init; } = [];

    public List<string> AllowedOrigins { get; init; } = [];

    public List<string> BlockedUsers { get; init; } = [];

    /// <summary>The tenant's skill groups by name; a visitor may only name a <see cref="SkillGroupOptions.Public"/> one.</summary>
    public Dictionary<string, SkillGroupOptions> SkillGroups { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A skill group: <see cref="Public"/> ones may be chosen by visitors; <see cref="Priority"/> (0–9) is the queue priority
/// of the sessions visitors start in it (a configured rule, never the visitor's choice).
/// </summary>
public sealed class SkillGroupOptions
{
    public bool Public { get; init; }

    public int Priority { get; init; }
}
