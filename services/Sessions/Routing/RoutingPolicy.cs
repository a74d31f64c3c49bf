namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Routing thresholds of a tenant's skill group. Defaults: loadThreshold 5, overflowAfter 60 s, priorityWeight 60
/// (one priority step ranks like one minute of waiting), offer timeout 20 s, overflow to any agent, automatic
/// assignment, no reassignment for want of an answer, unattended grace 60 s.
/// </summary>
/// <param name="OverflowTo">The skill whose agents take overflowing sessions; null: any agent of the tenant.</param>
/// <param name="Manual">Manual claim mode: offered to every eligible agent at once, the first accept wins.</param>
/// <param name="ReassignAfter">An assigned session whose agent has not answered the visitor's latest message for this
/// long goes to another agent; null: never.</param>
/// <param name="UnattendedGrace">How long an assigned session waits for its agent to come back online before it goes to
/// another agent.</param>
public readonly record struct RoutingPolicy(
    int LoadThreshold,
    TimeSpan OverflowAfter,
    int PriorityWeight,
    TimeSpan OfferTimeout,
    string? OverflowTo = null,
    bool Manual = false,
    TimeSpan? ReassignAfter = null,
    TimeSpan? UnattendedGrace = null)
{
    public static RoutingPolicy Default { get; } = new(5, TimeSpan.FromSeconds(60), 60, TimeSpan.FromSeconds(20));

    /// <summary>The default grace for an agent who went offline holding sessions.</summary>
    public static TimeSpan DefaultUnattendedGrace { get; } = TimeSpan.FromSeconds(60);

    public TimeSpan Grace => UnattendedGrace ?? DefaultUnattendedGrace;
}
