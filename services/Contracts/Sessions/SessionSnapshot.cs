namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// A session as its owner (the session actor) holds it. <see cref="Position"/> is not stored by the session actor: the
/// sessions API fills it in for a queued session with its 1-based position in its skill queue when the answer was
/// made (null otherwise, and in published <see cref="SessionChanged"/> events).
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
    int? Position = null);
