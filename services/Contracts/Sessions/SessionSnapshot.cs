namespace DaprSupport.Contracts.Sessions;

/// <summary>A session as its owner (the session actor) holds it.</summary>
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
    IReadOnlyList<ReadMark>? ReadMarks = null);
