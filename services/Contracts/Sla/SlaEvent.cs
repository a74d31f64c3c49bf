namespace DaprSupport.Contracts.Sla;

/// <summary>
/// One moment of a session that the tenant's SLA figures count, sent by the session actor to the tenant's
/// <see cref="ISlaActor"/>: only at state changes and at the session's first agent reply, never per message.
/// <see cref="Seconds"/> is the measured duration where the kind has one (queue wait, first response, resolution).
/// </summary>
public sealed record SlaEvent(
    string Kind,
    string SessionId,
    string Skill,
    DateTimeOffset At,
    double? Seconds = null,
    string? AgentId = null,
    string? VisitorId = null);

/// <summary>The kinds of <see cref="SlaEvent"/>.</summary>
public static class SlaEventKinds
{
    /// <summary>An agent (or a supervisor taking over) holds the session; Seconds = its queue wait if queued.</summary>
    public const string Assigned = "assigned";

    /// <summary>The session's first agent text; Seconds = time from the visitor's first message.</summary>
    public const string FirstResponse = "first_response";

    /// <summary>Resolved after an agent had it; Seconds = time from creation.</summary>
    public const string Resolved = "resolved";

    /// <summary>Ended before any agent took it; Seconds = its queue wait.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The agent let go of the session (transfer): it is nobody's chat until assigned again.</summary>
    public const string Released = "released";

    /// <summary>The session passed its first-response target.</summary>
    public const string FirstResponseBreached = "breach_first_response";

    /// <summary>The session passed its resolution target.</summary>
    public const string ResolutionBreached = "breach_resolution";
}
