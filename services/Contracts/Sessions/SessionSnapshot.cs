namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// A session as its owner (the session actor) holds it. <see cref="Position"/> is not stored by the session actor: the
/// sessions API fills it in for a queued session with its 1-based position in its skill queue when the answer was
/// made (null otherwise, and in published <see cref="SessionChanged"/> events). <see cref="Version"/> goes up by one
/// with every change the session actor saves, timeline item or not (an offer withdrawn adds none, so
/// <see cref="LastSeq"/> cannot order changes); of two snapshots of one session the higher version is the newer.
/// State stored before versions existed reads as 0, and the next change makes it 1. <see cref="OfflineAt"/>: when the
/// session was started outside business hours as an offline ticket (it stays set once the ticket is queued).
/// <see cref="Context"/> is the visitor's start context (staff see it as visitor details; the session frame does not
/// carry it). <see cref="Claimants"/>: in manual claim mode every agent the session is offered to at once
/// (<see cref="OfferedTo"/> is the first); otherwise null.
/// </summary>
public sealed record SessionSnapshot(
    string Tenant,
    string SessionId,
    SessionStatus Status,
    string? Skill,
    string? VisitorId,
    string? AgentId,
    long LastSeq,
    int Priority = 0,
    string? OfferedTo = null,
    string? OfferId = null,
    DateTimeOffset? OfferExpiresAt = null,
    string? TargetAgentId = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? QueuedAt = null,
    DateTimeOffset? AssignedAt = null,
    DateTimeOffset? FirstResponseAt = null,
    DateTimeOffset? ResolvedAt = null,
    string? VisitorName = null,
    IReadOnlyList<ReadMark>? ReadMarks = null,
    int? Position = null,
    long Version = 0,
    DateTimeOffset? OfflineAt = null,
    VisitorContext? Context = null,
    IReadOnlyList<string>? Claimants = null)
{
    /// <summary>
    /// Whether the session is offered to this agent now (alone, or as one of a manual claim's claimants).
    /// </summary>
    public bool IsOfferedTo(string agentId) =>
        Status == SessionStatus.Offered
        && (OfferedTo == agentId || (Claimants?.Contains(agentId, StringComparer.Ordinal) ?? false));

    /// <summary>Every agent the session is offered to now.</summary>
    public IReadOnlyList<string> OfferedAgents() =>
        Claimants is { Count: > 0 } all ? all : OfferedTo is { } one ? [one] : [];
}
