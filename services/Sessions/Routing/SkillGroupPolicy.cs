using DaprSupport.Configuration.Documents;
using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// A skill group of a tenant's configuration document as routing parameters; what the document does not hold (the
/// unattended grace, the queue-wait and resolution-rate targets) comes from the <c>Routing</c> settings.
/// </summary>
public static class SkillGroupPolicy
{
    public static RoutingPolicy Of(SkillGroup group, RoutingPolicy fallback)
    {
        ArgumentNullException.ThrowIfNull(group);
        return fallback with
        {
            LoadThreshold = group.LoadThreshold,
            OverflowAfter = TimeSpan.FromSeconds(group.OverflowWaitSeconds),
            PriorityWeight = group.PriorityWeight,
            OfferTimeout = TimeSpan.FromSeconds(group.OfferTimeoutSeconds),
            OverflowTo = group.OverflowTo,
            Manual = group.Assignment == AssignmentMode.Manual,
            ReassignAfter = group.ReassignAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };
    }

    public static SlaThresholds SlaOf(SkillGroup group, SlaThresholds fallback)
    {
        ArgumentNullException.ThrowIfNull(group);
        return fallback with
        {
            FirstResponse = TimeSpan.FromSeconds(group.FirstResponseSeconds),
            Resolution = TimeSpan.FromSeconds(group.ResolutionSeconds),
        };
    }
}
