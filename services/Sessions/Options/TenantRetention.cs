using DaprSupport.Configuration.Cache;
using DaprSupport.History;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Options;

/// <summary>
/// A tenant's history retention: its configuration document's <c>retention.historyDays</c> when the document has a
/// <c>retention</c> section, else the <c>History</c> settings (the tenant's own, else the default). Read from this
/// replica's configuration cache at each write, so a new version applies to the items written after it arrives;
/// items already stored keep the TTL they were written with.
/// </summary>
public sealed class TenantRetention(TenantConfigCache configs, IOptions<HistoryOptions> options) : IHistoryRetention
{
    public int DaysFor(string tenant) =>
        configs.TryGet(tenant, out var snapshot) && snapshot.Document.Retention is { } retention
            ? retention.HistoryDays
            : options.Value.RetentionDaysFor(tenant);
}
