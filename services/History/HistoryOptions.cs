using System.Globalization;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.History;

/// <summary>
/// Section <c>History</c>: how long timeline items are kept. <c>RetentionDays</c> (default 90) applies to every tenant;
/// <c>Tenants:{tenant}:RetentionDays</c> overrides it for one. Each item expires that long after it was written
/// (the history store's TTL, <c>ttlInSeconds</c>), so no sweeper is needed. A service can put a tenant's own setting
/// first (<see cref="IHistoryRetention"/>); these are what applies without one.
/// </summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    public int RetentionDays { get; set; } = 90;

    public Dictionary<string, TenantHistoryOptions> Tenants { get; } = new(StringComparer.Ordinal);

    public int RetentionDaysFor(string tenant) =>
        Tenants.TryGetValue(tenant, out var own) && own.RetentionDays is { } days ? days : RetentionDays;

    /// <summary>Whether every retention here is a whole number of days a state store accepts as a TTL.</summary>
    public bool IsValid() =>
        IsValidDays(RetentionDays)
        && Tenants.Values.All(t => t.RetentionDays is null || IsValidDays(t.RetentionDays.Value));

    public static bool IsValidDays(int days) => days is > 0 and <= RetentionLimits.MaxDays;

    /// <summary>The <c>ttlInSeconds</c> metadata value for an item kept this many days.</summary>
    public static string TtlMetadataValue(int days) =>
        ((long)days * RetentionLimits.SecondsPerDay).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One tenant's history settings; unset values fall back to the section's.</summary>
public sealed class TenantHistoryOptions
{
    public int? RetentionDays { get; set; }
}
