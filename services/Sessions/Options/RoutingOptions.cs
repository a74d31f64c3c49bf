using DaprSupport.Sessions.Routing;

namespace DaprSupport.Sessions.Options;

/// <summary>
/// Routing and SLA settings (configuration section <c>Routing</c>). Defaults: LoadThreshold 5, OverflowAfterSeconds 60,
/// PriorityWeight 60, OfferTimeoutSeconds 20, ReopenWindowSeconds 86400 (24 h), FirstResponseSeconds 45,
/// ResolutionSeconds 1800 (30 min), QueueWaitSeconds 60, ResolutionRate 0.8, DefaultSkill "general",
/// MaxPublishedPositions 500, UnattendedGraceSeconds 60 (an assigned session whose agent went offline waits this long
/// for it to come back before it goes to another agent). <c>Tenants:{tenant}:Skills:{skill}</c> overrides any of the
/// per-group values for one tenant's skill group, <c>Tenants:{tenant}:Defaults</c> for all of a tenant's groups.
/// </summary>
public sealed class RoutingOptions : IRoutingPolicies
{
    public const string Section = "Routing";

    public int LoadThreshold { get; set; } = 5;

    public int OverflowAfterSeconds { get; set; } = 60;

    public int PriorityWeight { get; set; } = 60;

    public int OfferTimeoutSeconds { get; set; } = 20;

    public int ReopenWindowSeconds { get; set; } = 86_400;

    public int UnattendedGraceSeconds { get; set; } = 60;

    public int FirstResponseSeconds { get; set; } = 45;

    public int ResolutionSeconds { get; set; } = 1_800;

    /// <summary>Target for the queue wait (queued to assigned); alerts compare its P95 with it.</summary>
    public int QueueWaitSeconds { get; set; } = 60;

    /// <summary>Target share of ended sessions that are resolved rather than abandoned (0–1).</summary>
    public double ResolutionRate { get; set; } = 0.8;

    public string DefaultSkill { get; set; } = "general";

    /// <summary>
    /// A reader's read mark is saved when its stored one is this old; newer marks are published at once and kept in
    /// the session actor's memory until then (or its next save). A restart or a move takes back less than this much
    /// of a reader's marks. 0 saves every mark.
    /// </summary>
    public int ReadMarkSaveSeconds { get; set; } = 30;

    /// <summary>
    /// How many sessions of a skill queue (from its head) a queue-positions event lists; sessions further back get no
    /// position updates (their position is still in the answers of the sessions API).
    /// </summary>
    public int MaxPublishedPositions { get; set; } = 500;

    public Dictionary<string, TenantRoutingSettings> Tenants { get; set; } = new(StringComparer.Ordinal);

    public RoutingPolicy PolicyFor(string tenant, string skill)
    {
        var (t, g) = Overrides(tenant, skill);
        return new RoutingPolicy(
            g?.LoadThreshold ?? t?.LoadThreshold ?? LoadThreshold,
            TimeSpan.FromSeconds(g?.OverflowAfterSeconds ?? t?.OverflowAfterSeconds ?? OverflowAfterSeconds),
            g?.PriorityWeight ?? t?.PriorityWeight ?? PriorityWeight,
            TimeSpan.FromSeconds(g?.OfferTimeoutSeconds ?? t?.OfferTimeoutSeconds ?? OfferTimeoutSeconds),
            UnattendedGrace: TimeSpan.FromSeconds(
                g?.UnattendedGraceSeconds ?? t?.UnattendedGraceSeconds ?? UnattendedGraceSeconds));
    }

    public SlaThresholds SlaFor(string tenant, string skill)
    {
        var (t, g) = Overrides(tenant, skill);
        return new SlaThresholds(
            TimeSpan.FromSeconds(g?.FirstResponseSeconds ?? t?.FirstResponseSeconds ?? FirstResponseSeconds),
            TimeSpan.FromSeconds(g?.ResolutionSeconds ?? t?.ResolutionSeconds ?? ResolutionSeconds),
            TimeSpan.FromSeconds(g?.QueueWaitSeconds ?? t?.QueueWaitSeconds ?? QueueWaitSeconds),
            g?.ResolutionRate ?? t?.ResolutionRate ?? ResolutionRate);
    }

    public TimeSpan ReopenWindowFor(string tenant, string skill)
    {
        var (t, g) = Overrides(tenant, skill);
        return TimeSpan.FromSeconds(g?.ReopenWindowSeconds ?? t?.ReopenWindowSeconds ?? ReopenWindowSeconds);
    }

    /// <summary>Every duration, global or overridden, is at least one second.</summary>
    public bool DurationsArePositive() =>
        new[] { OverflowAfterSeconds, OfferTimeoutSeconds, ReopenWindowSeconds, FirstResponseSeconds, ResolutionSeconds,
                QueueWaitSeconds, UnattendedGraceSeconds }.All(s => s > 0)
        && AllOverrides().All(g => new[] { g.OverflowAfterSeconds, g.OfferTimeoutSeconds, g.ReopenWindowSeconds,
            g.FirstResponseSeconds, g.ResolutionSeconds, g.QueueWaitSeconds, g.UnattendedGraceSeconds }
            .All(s => s is null or > 0));

    /// <summary>Thresholds and weights are not negative, the resolution-rate target is a share (0–1).</summary>
    public bool WeightsAreValid() =>
        LoadThreshold >= 0 && PriorityWeight >= 0 && MaxPublishedPositions >= 0 && ReadMarkSaveSeconds >= 0
        && ResolutionRate is >= 0 and <= 1
        && AllOverrides().All(g => g.LoadThreshold is null or >= 0 && g.PriorityWeight is null or >= 0
                                   && g.ResolutionRate is null or (>= 0 and <= 1));

    private IEnumerable<SkillGroupSettings> AllOverrides() =>
        Tenants.Values.SelectMany(t => t.Skills.Values.Prepend(t.Defaults)).OfType<SkillGroupSettings>();

    private (SkillGroupSettings? Tenant, SkillGroupSettings? Group) Overrides(string tenant, string skill) =>
        Tenants.TryGetValue(tenant, out var t)
            ? (t.Defaults, t.Skills.GetValueOrDefault(skill))
            : (null, null);
}

/// <summary>One tenant's overrides: for all its skill groups, and per skill group.</summary>
public sealed class TenantRoutingSettings
{
    public SkillGroupSettings? Defaults { get; set; }

    public Dictionary<string, SkillGroupSettings> Skills { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// SLA thresholds of a skill group: first agent response after assignment and resolution after creation (both timed
/// by reminders), and the targets the monitoring compares with: queue wait and the resolution rate.
/// </summary>
public readonly record struct SlaThresholds(
    TimeSpan FirstResponse, TimeSpan Resolution, TimeSpan QueueWait, double ResolutionRate);
