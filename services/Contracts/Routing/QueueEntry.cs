namespace DaprSupport.Contracts.Routing;

/// <summary>
/// A session waiting for an agent. TargetAgentId restricts offers to one agent (transfer to a named agent).
/// </summary>
public sealed record QueueEntry(
    string SessionId, string Skill, int Priority, DateTimeOffset EnqueuedAt, string? TargetAgentId,
    IReadOnlyList<string> ExcludedAgents);
