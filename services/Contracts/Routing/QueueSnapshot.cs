using DaprSupport.Contracts.Agents;

namespace DaprSupport.Contracts.Routing;

/// <summary>
/// A tenant's queues for supervisors: waiting sessions in queue order per skill, pending offers, agents.
/// </summary>
public sealed record QueueSnapshot(
    string Tenant,
    IReadOnlyList<QueuedSession> Waiting,
    IReadOnlyList<PlannedOffer> Offers,
    IReadOnlyList<AgentSnapshot> Agents);

/// <summary>One waiting session with its 1-based position in its skill queue and its current score.</summary>
public sealed record QueuedSession(
    string SessionId, string Skill, int Priority, int Position, double Score, DateTimeOffset EnqueuedAt);
