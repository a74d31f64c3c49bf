using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// A skill group's SLA targets as the console reports them: the same thresholds the session actors time breaches with
/// (<see cref="IRoutingPolicies.SlaFor"/>: the group's targets in the tenant's configuration document, else the
/// <c>Routing</c> options), in whole seconds.
/// </summary>
public sealed class SlaTargetSource(IRoutingPolicies policies)
{
    public SlaTargets TargetsFor(string tenant, string skill)
    {
        var sla = policies.SlaFor(tenant, skill);
        return new SlaTargets(
            (int)sla.FirstResponse.TotalSeconds, (int)sla.Resolution.TotalSeconds, (int)sla.QueueWait.TotalSeconds,
            sla.ResolutionRate);
    }
}
