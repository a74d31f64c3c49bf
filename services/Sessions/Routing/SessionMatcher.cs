namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The pure routing decision for one waiting session. Allocation-free: one pass over the skilled candidates,
/// one over all candidates only when the overflow rule applies.
/// </summary>
public static class SessionMatcher
{
    /// <param name="skilled">Agents having the session's skill (any presence; offline ones are skipped).</param>
    /// <param name="all">Every agent of the tenant, for the overflow rule.</param>
    /// <param name="policy">Thresholds of the session's skill group.</param>
    /// <param name="waited">How long the session has waited in its queue.</param>
    /// <returns>The chosen candidate: its position in <paramref name="skilled"/>, or in <paramref name="all"/> for <see
    /// cref="MatchTier.Overflow"/>.</returns>
    public static MatchResult Match(
        ReadOnlySpan<AgentCandidate> skilled, ReadOnlySpan<AgentCandidate> all, in RoutingPolicy policy,
        TimeSpan waited)
    {
        // The best skilled agent by rank has the least load of all free skilled agents, so it is also the best one
        // below the threshold whenever any agent is below it: one scan decides between rules 1 and 2.
        var best = BestFree(skilled);
        if (best >= 0)
        {
            var tier = skilled[best].Load < policy.LoadThreshold
                ? MatchTier.SkilledBelowThreshold
                : MatchTier.SkilledBelowCapacity;
            return new MatchResult(tier, best);
        }

        if (waited < policy.OverflowAfter)
        {
            return MatchResult.NoMatch;
        }

        var any = BestFree(all);
        return any >= 0 ? new MatchResult(MatchTier.Overflow, any) : MatchResult.NoMatch;
    }

    /// <summary>
    /// The online candidate below capacity with the lowest rank (least load, then longest idle), or -1.
    /// </summary>
    private static int BestFree(ReadOnlySpan<AgentCandidate> candidates)
    {
        var best = -1;
        var bestRank = long.MaxValue;
        for (var i = 0; i < candidates.Length; i++)
        {
            ref readonly var c = ref candidates[i];

            // Branch-free eligibility (a conditional move): busy and offline agents are mixed at random, which
            // defeats branch prediction; only a new best is a branch, and that one is rarely taken.
            var rank = c.Online & (c.Load < c.Capacity) ? c.Rank : long.MaxValue;
            if (rank < bestRank)
            {
                bestRank = rank;
                best = i;
            }
        }

        return best;
    }
}
