using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// One dispatch pass of a router: walks the waiting sessions in queue order and asks <see cref="SessionMatcher"/>
/// for an agent for each, counting every offer it makes as load so no agent is offered past its capacity.
/// </summary>
internal sealed class RoutingPlan(RouterState state, RoutingOptions options, string tenant, DateTimeOffset now)
{
    public List<PlannedOffer> MakeOffers()
    {
        var agents = state.Agents.Values.ToArray();
        var all = new AgentCandidate[agents.Length];
        var pending = state.Offers.Values.GroupBy(o => o.AgentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < agents.Length; i++)
        {
            var a = agents[i];
            all[i] = new AgentCandidate(
                i, a.Presence == AgentPresence.Online, a.Load + pending.GetValueOrDefault(a.AgentId), a.Capacity,
                a.LastIdleAt?.ToUnixTimeMilliseconds() ?? 0);
        }

        var offers = new List<PlannedOffer>();
        var waiting = state.Waiting.Values.Where(w => !state.Offers.ContainsKey(w.Entry.SessionId));
        foreach (var w in InQueueOrder(waiting, options, tenant))
        {
            var entry = w.Entry;
            var policy = options.PolicyFor(tenant, entry.Skill);
            var chosen = Choose(entry, agents, all, policy, honourExclusions: true)
                ?? Choose(entry, agents, all, policy, honourExclusions: false);
            if (chosen is not { } index)
            {
                continue;
            }

            all[index] = all[index] with { Load = all[index].Load + 1 };
            offers.Add(new PlannedOffer(
                entry.SessionId, agents[index].AgentId, Guid.NewGuid().ToString("N"), entry.Skill,
                now + policy.OfferTimeout));
        }

        return offers;
    }

    /// <summary>Waiting sessions by score (priority × weight + seconds waited, highest first), then arrival.</summary>
    public static IEnumerable<WaitingSession> InQueueOrder(
        IEnumerable<WaitingSession> waiting, RoutingOptions options, string tenant) =>
        waiting.OrderBy(w => QueueScore.For(
            w.Entry.Priority, options.PolicyFor(tenant, w.Entry.Skill).PriorityWeight, w.Entry.EnqueuedAt, w.Sequence));

    private int? Choose(
        QueueEntry entry, AgentSnapshot[] agents, AgentCandidate[] all, in RoutingPolicy policy, bool honourExclusions)
    {
        if (honourExclusions && entry.ExcludedAgents.Count == 0)
        {
            return null;
        }

        var skilled = new List<AgentCandidate>();
        var anyone = new List<AgentCandidate>();
        foreach (var candidate in all)
        {
            var agent = agents[candidate.AgentIndex];
            if (honourExclusions && entry.ExcludedAgents.Contains(agent.AgentId, StringComparer.Ordinal))
            {
                continue;
            }

            if (entry.TargetAgentId is { } target)
            {
                // A transfer to a named agent waits for that agent only.
                if (agent.AgentId == target)
                {
                    skilled.Add(candidate);
                }

                continue;
            }

            anyone.Add(candidate);
            if (agent.Skills.Contains(entry.Skill, StringComparer.Ordinal))
            {
                skilled.Add(candidate);
            }
        }

        var skilledSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(skilled);
        var anyoneSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(anyone);
        var result = SessionMatcher.Match(skilledSpan, anyoneSpan, in policy, now - entry.EnqueuedAt);
        return result.Tier switch
        {
            MatchTier.None => null,
            MatchTier.Overflow => anyoneSpan[result.Position].AgentIndex,
            _ => skilledSpan[result.Position].AgentIndex,
        };
    }
}
