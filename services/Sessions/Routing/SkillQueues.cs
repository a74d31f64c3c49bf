using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The sessions each skill queue holds in queue order: the waiting sessions without a pending offer (an offered
/// session has left its queue until the offer fails), as positions are shown to visitors.
/// </summary>
internal static class SkillQueues
{
    /// <summary>Each skill queue's sessions in queue order (one sort per skill).</summary>
    public static IEnumerable<(string Skill, IEnumerable<WaitingSession> Sessions)> Ordered(
        RouterState state, IRoutingPolicies options, string tenant) =>
        Waiting(state)
            .GroupBy(w => w.Entry.Skill, StringComparer.Ordinal)
            .Select(g => (g.Key, RoutingPlan.InQueueOrder(g, options, tenant)));

    /// <summary>Each skill's first <paramref name="cap"/> waiting session ids in queue order.</summary>
    public static Dictionary<string, string[]> InOrder(
        RouterState state, IRoutingPolicies options, string tenant, int cap) =>
        Ordered(state, options, tenant).ToDictionary(
            q => q.Skill,
            q => q.Sessions.Take(cap).Select(w => w.Entry.SessionId).ToArray(),
            StringComparer.Ordinal);

    /// <summary>
    /// The 1-based position of a waiting session in its skill queue (one scan, no sort); null when it is not waiting.
    /// </summary>
    public static int? PositionOf(RouterState state, IRoutingPolicies options, string tenant, string sessionId)
    {
        if (!state.Waiting.TryGetValue(sessionId, out var session) || state.Offers.ContainsKey(sessionId))
        {
            return null;
        }

        var skill = session.Entry.Skill;
        var weight = options.PolicyFor(tenant, skill).PriorityWeight;
        var own = QueueScore.For(session.Entry.Priority, weight, session.Entry.EnqueuedAt, session.Sequence);
        var ahead = 0;
        foreach (var other in Waiting(state))
        {
            if (other.Entry.Skill == skill
                && QueueScore.For(other.Entry.Priority, weight, other.Entry.EnqueuedAt, other.Sequence) < own)
            {
                ahead++;
            }
        }

        return ahead + 1;
    }

    /// <summary>The sessions in a queue: waiting, and not held by a pending offer.</summary>
    public static IEnumerable<WaitingSession> Waiting(RouterState state) =>
        state.Waiting.Values.Where(w => !state.Offers.ContainsKey(w.Entry.SessionId));
}
