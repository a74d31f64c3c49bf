namespace DaprSupport.Contracts.Timeline;

/// <summary>One entry of a session's timeline, numbered 1, 2, 3… without gaps by the session's owner.</summary>
public sealed record TimelineItem(
    string Tenant,
    string SessionId,
    long Seq,
    TimelineItemKind Kind,
    string? Event,
    Participant From,
    string? Text,
    DateTimeOffset Ts,
    string? ClientMsgId);
