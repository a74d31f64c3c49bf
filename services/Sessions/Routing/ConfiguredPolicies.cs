using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// A skill group's parameters from the tenant's configuration document as this replica's
/// <see cref="TenantConfigCache"/> holds it (kept current by change events and the periodic check; never a store
/// read), or from <see cref="RoutingOptions"/> for a tenant or skill the document lacks. Read at every decision, so a
/// new version applies at the router's next one.
/// </summary>
public sealed class ConfiguredPolicies(IOptions<RoutingOptions> options, TenantConfigCache configs) : IRoutingPolicies
{
    public RoutingPolicy PolicyFor(string tenant, string skill)
    {
        var fallback = options.Value.PolicyFor(tenant, skill);
        return Group(tenant, skill) is { } group ? SkillGroupPolicy.Of(group, fallback) : fallback;
    }

    public SlaThresholds SlaFor(string tenant, string skill)
    {
        var fallback = options.Value.SlaFor(tenant, skill);
        return Group(tenant, skill) is { } group ? SkillGroupPolicy.SlaOf(group, fallback) : fallback;
    }

    private SkillGroup? Group(string tenant, string skill) =>
        configs.TryGet(tenant, out var config)
            ? config.Document.SkillGroups.Find(g => string.Equals(g.Name, skill, StringComparison.Ordinal))
            : null;
}
