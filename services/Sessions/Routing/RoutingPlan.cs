using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// One dispatch pass of a router: walks the waiting sessions in queue order and asks <see cref="SessionMatcher"/>
/// for an agent for each (in manual claim mode <see cref="ClaimCandidates"/> for all eligible agents at once),
/// counting every offer it makes as load so no agent is offered past its capacity. Overflow goes to the agents of the
/// group's <see cref="RoutingPolicy.OverflowTo"/> skill when it names one, else to any agent. An agent who declined a
/// session is offered it again only when nobody else can take it and the decline's exclusion has ended. A session
/// transferred to a named agent waits for that agent until the overflow time, or until they decline or let it lapse.
/// </summary>
internal sealed class RoutingPlan(RouterState state, IRoutingPolicies options, string tenant, DateTimeOffset now)
{
    public List<PlannedOffer> MakeOffers()
    {
        var agents = state.Agents.Values.ToArray();
        var all = new AgentCandidate[agents.Length];
        var pending = state.Offers.Values.SelectMany(o => o.OfferedAgents()).GroupBy(a => a, StringComparer.Ordinal)
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
            var mayReoffer = entry.ExcludedUntil is not { } until || until <= now;
            var chosen = policy.Manual && entry.TargetAgentId is null
                ? ChooseAll(entry, agents, all, policy, mayReoffer)
                : ChooseOne(entry, agents, all, policy, mayReoffer);
            if (chosen.Count == 0)
            {
                continue;
            }

            foreach (var index in chosen)
            {
                all[index] = all[index] with { Load = all[index].Load + 1 };
            }

            var offered = chosen.Select(i => agents[i].AgentId).ToList();
            offers.Add(new PlannedOffer(
                entry.SessionId, offered[0], Guid.NewGuid().ToString("N"), entry.Skill, now + policy.OfferTimeout,
                policy.Manual && entry.TargetAgentId is null ? offered : null));
        }

        return offers;
    }

    /// <summary>Waiting sessions by score (priority × weight + seconds waited, highest first), then arrival.</summary>
    public static IEnumerable<WaitingSession> InQueueOrder(
        IEnumerable<WaitingSession> waiting, IRoutingPolicies options, string tenant) =>
        waiting.OrderBy(w => QueueScore.For(
            w.Entry.Priority, options.PolicyFor(tenant, w.Entry.Skill).PriorityWeight, w.Entry.EnqueuedAt, w.Sequence));

    /// <summary>Manual claim mode: every eligible agent at once (see <see cref="ClaimCandidates"/>).</summary>
    private List<int> ChooseAll(
        QueueEntry entry, AgentSnapshot[] agents, AgentCandidate[] all, in RoutingPolicy policy, bool mayReoffer)
    {
        var chosen = ClaimCandidates.Pick(entry, agents, all, policy, now - entry.EnqueuedAt, honourExclusions: true);
        return chosen.Count > 0 || !mayReoffer
            ? chosen
            : ClaimCandidates.Pick(entry, agents, all, policy, now - entry.EnqueuedAt, honourExclusions: false);
    }

    private List<int> ChooseOne(
        QueueEntry entry, AgentSnapshot[] agents, AgentCandidate[] all, in RoutingPolicy policy, bool mayReoffer)
    {
        var chosen = Choose(entry, agents, all, policy, honourExclusions: true)
            ?? (mayReoffer ? Choose(entry, agents, all, policy, honourExclusions: false) : null);
        return chosen is { } index ? [index] : [];
    }

    private int? Choose(
        QueueEntry entry, AgentSnapshot[] agents, AgentCandidate[] all, in RoutingPolicy policy, bool honourExclusions)
    {
        if (honourExclusions && entry.ExcludedAgents.Count == 0)
        {
            return null;
        }

        var skilled = new List<AgentCandidate>();
        var anyone = new List<AgentCandidate>();
        var target = WaitsForTarget(entry, policy, honourExclusions);
        foreach (var candidate in all)
        {
            var agent = agents[candidate.AgentIndex];
            if (honourExclusions && entry.ExcludedAgents.Contains(agent.AgentId, StringComparer.Ordinal))
            {
                continue;
            }

            if (target is not null)
            {
                if (agent.AgentId == target)
                {
                    skilled.Add(candidate);
                }

                continue;
            }

            if (policy.OverflowTo is not { } overflowTo || agent.Skills.Contains(overflowTo, StringComparer.Ordinal))
            {
                anyone.Add(candidate);
            }

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

    /// <summary>
    /// The named agent a transferred session waits for, offered to them whenever they are online with room; null when
    /// it is routed by its skill like any waiting session: no agent was named, or it has waited the group's overflow
    /// time for them (they may be away, or the name mistyped), or they declined or let the offer lapse (an exclusion
    /// this pass honours). A named transfer never strands a session.
    /// </summary>
    private string? WaitsForTarget(QueueEntry entry, in RoutingPolicy policy, bool honourExclusions) =>
        entry.TargetAgentId is { } target
        && now - entry.EnqueuedAt < policy.OverflowAfter
        && !(honourExclusions && entry.ExcludedAgents.Contains(target, StringComparer.Ordinal))
            ? target
            : null;
}
