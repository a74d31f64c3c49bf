using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Unattended sessions: those held by an agent who went offline (set presence or a lapsed lease) and has not come back
/// within the tenant's grace (<see cref="RoutingPolicy.UnattendedGrace"/>, a tenant-wide setting).
/// </summary>
internal static class UnattendedPlan
{
    /// <summary>The skill name under which a tenant-wide policy is read (no skill group has an empty name).</summary>
    public const string TenantWide = "";

    /// <summary>When the agent's sessions become unattended; null when it is online or holds none.</summary>
    public static DateTimeOffset? DueAt(AgentSnapshot agent, TimeSpan grace) =>
        agent is { Presence: AgentPresence.Offline, OfflineSince: { } since, Sessions.Count: > 0 }
            ? since + grace
            : null;

    public static IReadOnlyList<Unattended> Due(
        RouterState state, IRoutingPolicies policies, string tenant, DateTimeOffset now)
    {
        var grace = policies.PolicyFor(tenant, TenantWide).Grace;
        return
        [
            .. state.Agents.Values
                .Where(a => DueAt(a, grace) <= now)
                .SelectMany(a => a.Sessions.Select(s => new Unattended(s, a.AgentId, RequeueReasons.AgentOffline))),
        ];
    }
}
