using System.Collections.Concurrent;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Hours;

namespace DaprSupport.Sessions.Hours;

/// <summary>
/// Each tenant's business hours as this replica's configuration cache holds them (never the store): the rules are
/// built once per configuration version. A tenant without a document or without hours is always open.
/// </summary>
public sealed class TenantHours(TenantConfigCache cache, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (long Version, BusinessHoursRules Rules)> _rules =
        new(StringComparer.Ordinal);

    public BusinessHoursRules RulesFor(string tenant)
    {
        if (!cache.TryGet(tenant, out var snapshot))
        {
            return BusinessHoursRules.AlwaysOpen;
        }

        if (_rules.TryGetValue(tenant, out var built) && built.Version == snapshot.Version)
        {
            return built.Rules;
        }

        var rules = BusinessHoursRules.From(snapshot.Document.BusinessHours);
        _rules[tenant] = (snapshot.Version, rules);
        return rules;
    }

    public bool IsOpenNow(string tenant) => RulesFor(tenant).IsOpen(time.GetUtcNow());

    /// <summary>The message an offline ticket shows: the tenant's, or the service's default.</summary>
    public string OfflineMessage(string tenant) =>
        cache.TryGet(tenant, out var snapshot) && snapshot.Document.BusinessHours?.OfflineMessage is { Length: > 0 } m
            ? m
            : OfflineTickets.DefaultMessage;
}
