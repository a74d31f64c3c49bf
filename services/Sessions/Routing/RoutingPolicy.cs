namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Routing thresholds of a tenant's skill group. Defaults: loadThreshold 5, overflowAfter 60 s, priorityWeight 60
/// (one priority step ranks like one minute of waiting), offer timeout 20 s.
/// </summary>
public readonly record struct RoutingPolicy(
    int LoadThreshold, TimeSpan OverflowAfter, int PriorityWeight, TimeSpan OfferTimeout)
{
    public static RoutingPolicy Default { get; } = new(5, TimeSpan.FromSeconds(60), 60, TimeSpan.FromSeconds(20));
}
