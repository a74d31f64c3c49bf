namespace DaprSupport.Contracts.Routing;

/// <summary>
/// A session waiting for an agent. TargetAgentId restricts offers to one agent (transfer to a named agent).
/// ExcludedAgents come after every other eligible agent; until <see cref="ExcludedUntil"/> (a decline: one offer
/// timeout) they are not offered the session at all.
/// </summary>
public sealed record QueueEntry(
    string SessionId, string Skill, int Priority, DateTimeOffset EnqueuedAt, string? TargetAgentId,
    IReadOnlyList<string> ExcludedAgents, DateTimeOffset? ExcludedUntil = null);
