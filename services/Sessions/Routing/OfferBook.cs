using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Changes to a router's open offers and exclusions, in place on its state (pure: no actor, no clock of its own).
/// </summary>
internal static class OfferBook
{
    /// <summary>
    /// Ends every offer the agent holds (it went offline): an offer to it alone is removed, its part of a manual claim
    /// offer is dropped (the other claimants keep theirs). Returns what ended: a whole offer, or for a claim offer the
    /// offer as the agent held it alone (<see cref="PlannedOffer.Claimants"/> = [agent]).
    /// </summary>
    public static List<PlannedOffer> TakeFrom(RouterState state, string agentId)
    {
        var ended = new List<PlannedOffer>();
        foreach (var offer in state.Offers.Values.Where(o => o.IsFor(agentId)).ToList())
        {
            ended.Add(EndFor(state, offer, agentId));
        }

        return ended;
    }

    /// <summary>Ends one agent's part of an open offer; returns that part (see <see cref="TakeFrom"/>).</summary>
    public static PlannedOffer EndFor(RouterState state, PlannedOffer offer, string agentId)
    {
        var remaining = offer.OfferedAgents().Where(a => a != agentId).ToList();
        if (remaining.Count == 0)
        {
            state.Offers.Remove(offer.SessionId);
            return offer;
        }

        state.Offers[offer.SessionId] = offer with { AgentId = remaining[0], Claimants = remaining };
        return offer with { AgentId = agentId, Claimants = [agentId] };
    }

    /// <summary>
    /// The waiting session goes to other eligible agents before this one; with <paramref name="until"/> (a decline)
    /// not to this one at all before then, even if nobody else can take it.
    /// </summary>
    public static void Exclude(RouterState state, string sessionId, string agentId, DateTimeOffset? until)
    {
        if (!state.Waiting.TryGetValue(sessionId, out var waiting))
        {
            return;
        }

        var entry = waiting.Entry;
        if (!entry.ExcludedAgents.Contains(agentId, StringComparer.Ordinal))
        {
            entry = entry with { ExcludedAgents = [.. entry.ExcludedAgents, agentId] };
        }

        if (until is { } u && (entry.ExcludedUntil is null || entry.ExcludedUntil < u))
        {
            entry = entry with { ExcludedUntil = u };
        }

        if (!ReferenceEquals(entry, waiting.Entry))
        {
            state.Waiting[sessionId] = waiting with { Entry = entry };
        }
    }
}
