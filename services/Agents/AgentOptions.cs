using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>
/// Agent defaults (configuration section <c>Agents</c>): presence lease <c>PresenceTtlSeconds</c> (default 60), the
/// grace after an agent's last open connection closes <c>DisconnectGraceSeconds</c> (default 10: a reload or a
/// reconnect to another replica comes back within it) and <c>DefaultCapacity</c> (default 5 concurrent sessions);
/// <c>Tenants:{tenant}:PresenceTtlSeconds</c> and <c>Tenants:{tenant}:DisconnectGraceSeconds</c> override them for
/// one tenant.
/// </summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    public int PresenceTtlSeconds { get; set; } = 60;

    public int DisconnectGraceSeconds { get; set; } = 10;

    public int DefaultCapacity { get; set; } = 5;

    public int MaxCapacity { get; set; } = AgentLimits.MaxCapacity;

    public Dictionary<string, TenantAgentSettings> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Leases and graces of at least a second, a MaxCapacity of 1..<see cref="AgentLimits.MaxCapacity"/> and a default
    /// capacity within 0..MaxCapacity.
    /// </summary>
    public bool IsValid() =>
        PresenceTtlSeconds > 0 && DisconnectGraceSeconds > 0
        && Tenants.Values.All(t => t.PresenceTtlSeconds is null or > 0 && t.DisconnectGraceSeconds is null or > 0)
        && MaxCapacity is > 0 and <= AgentLimits.MaxCapacity && DefaultCapacity >= 0 && DefaultCapacity <= MaxCapacity;

    public TimeSpan PresenceTtlFor(string tenant) =>
        TimeSpan.FromSeconds(
            Tenants.TryGetValue(tenant, out var t) && t.PresenceTtlSeconds is { } ttl ? ttl : PresenceTtlSeconds);

    public TimeSpan DisconnectGraceFor(string tenant) =>
        TimeSpan.FromSeconds(
            Tenants.TryGetValue(tenant, out var t) && t.DisconnectGraceSeconds is { } grace
                ? grace
                : DisconnectGraceSeconds);
}

/// <summary>One tenant's agent overrides.</summary>
public sealed class TenantAgentSettings
{
    public int? PresenceTtlSeconds { get; set; }

    public int? DisconnectGraceSeconds { get; set; }
}
