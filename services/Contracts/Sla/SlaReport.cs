namespace DaprSupport.Contracts.Sla;

/// <summary>
/// A tenant's SLA figures over the rolling window ending <see cref="At"/>, overall and per skill group, with the
/// sessions agents hold right now (<see cref="Chats"/>).
/// </summary>
public sealed record SlaReport(
    DateTimeOffset At,
    int WindowSeconds,
    SlaFigures Overall,
    IReadOnlyList<SlaFigures> Skills,
    IReadOnlyList<LiveChat> Chats);

/// <summary>
/// The figures of one skill group (or, with <see cref="Skill"/> null, of all): first-response P90 and queue-wait P95
/// in seconds (null when nothing was measured), ended sessions, the resolution rate (resolved / ended; null when none
/// ended) and the breaches, each counted when it happened inside the window. <see cref="Targets"/> is the skill
/// group's (null for the overall figures).
/// </summary>
public sealed record SlaFigures(
    string? Skill,
    int Assigned,
    int FirstResponses,
    double? FirstResponseP90Seconds,
    double? QueueWaitP95Seconds,
    int Resolved,
    int Abandoned,
    double? ResolutionRate,
    int FirstResponseBreaches,
    int ResolutionBreaches,
    SlaTargets? Targets = null);

/// <summary>A skill group's targets: the thresholds breaches are timed against and what the figures aim at.</summary>
public sealed record SlaTargets(
    int FirstResponseSeconds, int ResolutionSeconds, int QueueWaitSeconds, double ResolutionRate);

/// <summary>A session an agent (or a supervisor who took it over) holds, since when.</summary>
public sealed record LiveChat(string SessionId, string AgentId, string? VisitorId, string Skill, DateTimeOffset Since);
