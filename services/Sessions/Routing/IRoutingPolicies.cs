using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Where routing decisions get a skill group's parameters: <see cref="RoutingOptions"/> alone, or the tenant's
/// configuration document over them (<see cref="ConfiguredPolicies"/>).
/// </summary>
public interface IRoutingPolicies
{
    RoutingPolicy PolicyFor(string tenant, string skill);

    SlaThresholds SlaFor(string tenant, string skill);
}
