using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// A skill group's SLA thresholds: the first-response and resolution targets of the group in the tenant's
/// configuration document (this replica's cache) when the document has the group, else the <c>Routing</c> options;
/// the queue-wait and resolution-rate targets always from the options (the document has none).
/// </summary>
public sealed class SlaTargetSource(IOptions<RoutingOptions> options, TenantConfigCache configs)
{
    public SlaThresholds For(string tenant, string skill) =>
        Resolve(options.Value.SlaFor(tenant, skill), configs.TryGet(tenant, out var config) ? config.Document : null,
            skill);

    public SlaTargets TargetsFor(string tenant, string skill)
    {
        var sla = For(tenant, skill);
        return new SlaTargets(
            (int)sla.FirstResponse.TotalSeconds, (int)sla.Resolution.TotalSeconds, (int)sla.QueueWait.TotalSeconds,
            sla.ResolutionRate);
    }

    /// <summary>The options' thresholds with the document's group targets over them (pure).</summary>
    public static SlaThresholds Resolve(SlaThresholds fromOptions, TenantConfigDocument? document, string skill) =>
        document?.SkillGroups.FirstOrDefault(g => string.Equals(g.Name, skill, StringComparison.Ordinal)) is { } group
            ? fromOptions with
            {
                FirstResponse = TimeSpan.FromSeconds(group.FirstResponseSeconds),
                Resolution = TimeSpan.FromSeconds(group.ResolutionSeconds),
            }
            : fromOptions;
}
