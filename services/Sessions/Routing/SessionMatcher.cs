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
    /// <returns>The chosen candidate: its position in <paramref name="skilled"/>, or in <paramref name="all"/> for <see cref="MatchTier.Overflow"/>.</returns>
    public static MatchResult Match(ReadOnlySpan<AgentCandidate> skilled, ReadOnlySpan<AgentCandidate> all, in RoutingPolicy policy, TimeSpan waited)
    {
        var bestBelowThreshold = -1;
        var bestBelowCapacity = -1;
        for (var i = 0; i < skilled.Length; i++)
        {
            ref readonly var c = ref skilled[i];
            if (!c.HasFreeCapacity)
            {
                continue;
            }

            if (c.Load < policy.LoadThreshold && (bestBelowThreshold < 0 || Better(in c, in skilled[bestBelowThreshold])))
            {
                bestBelowThreshold = i;
            }

            if (bestBelowCapacity < 0 || Better(in c, in skilled[bestBelowCapacity]))
            {
                bestBelowCapacity = i;
            }
        }

        if (bestBelowThreshold >= 0)
        {
            return new MatchResult(MatchTier.SkilledBelowThreshold, bestBelowThreshold);
        }

        if (bestBelowCapacity >= 0)
        {
            return new MatchResult(MatchTier.SkilledBelowCapacity, bestBelowCapacity);
        }

        if (waited < policy.OverflowAfter)
        {
            return MatchResult.NoMatch;
        }

        var bestAny = -1;
        for (var i = 0; i < all.Length; i++)
        {
            ref readonly var c = ref all[i];
            if (c.HasFreeCapacity && (bestAny < 0 || Better(in c, in all[bestAny])))
            {
                bestAny = i;
            }
        }

        return bestAny >= 0 ? new MatchResult(MatchTier.Overflow, bestAny) : MatchResult.NoMatch;
    }

    /// <summary>Least load first, then longest idle (earliest idle-since).</summary>
    private static bool Better(in AgentCandidate candidate, in AgentCandidate incumbent) =>
        candidate.Load < incumbent.Load || (candidate.Load == incumbent.Load && candidate.IdleSinceTicks < incumbent.IdleSinceTicks);
}
