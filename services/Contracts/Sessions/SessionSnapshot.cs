namespace DaprSupport.Contracts.Sessions;

public sealed record SessionSnapshot(
    string Tenant,
    string SessionId,
    SessionStatus Status,
    string? Skill,
    string? VisitorId,
    string? AgentId,
    long LastSeq);
