using System.Globalization;

namespace DaprSupport.History;

/// <summary>
/// Section <c>History</c>: how long timeline items are kept. <c>RetentionDays</c> (default 90) applies to every tenant;
/// <c>Tenants:{tenant}:RetentionDays</c> overrides it for one. Each item expires that long after it was written
/// (the history store's TTL, <c>ttlInSeconds</c>), so no sweeper is needed.
/// </summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    public int RetentionDays { get; set; } = 90;

    public Dictionary<string, TenantHistoryOptions> Tenants { get; } = new(StringComparer.Ordinal);

    public int RetentionDaysFor(string tenant) =>
        Tenants.TryGetValue(tenant, out var own) && own.RetentionDays is { } days ? days : RetentionDays;

    /// <summary>The <c>ttlInSeconds</c> metadata value for an item of this tenant.</summary>
    public string TtlInSecondsFor(string tenant) =>
        ((long)RetentionDaysFor(tenant) * 86_400).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One tenant's history settings; unset values fall back to the section's.</summary>
public sealed class TenantHistoryOptions
{
    public int? RetentionDays { get; set; }
}
