using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// What a tenant's router holds: its view of the agents, the waiting sessions and the open offers. Stored split into
/// buckets (<see cref="RouterBuckets"/>), so a turn writes only what it changed.
/// </summary>
internal sealed record RouterState(
    Dictionary<string, AgentSnapshot> Agents,
    Dictionary<string, WaitingSession> Waiting,
    Dictionary<string, PlannedOffer> Offers,
    long NextSequence)
{
    public static RouterState Empty() =>
        new(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0);
}

/// <summary>A queue entry with its arrival number (first-come-first-served among equal scores).</summary>
internal sealed record WaitingSession(QueueEntry Entry, long Sequence);
