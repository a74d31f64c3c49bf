using System.Text.Json.Serialization;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway.Protocol;

/// <summary>
/// A frame the server sends (docs/protocol.md "Server → client"); <see cref="Type"/> is serialized first.
/// </summary>
public abstract record ServerFrame([property: JsonPropertyOrder(-1)] string Type);

public sealed record SessionFrame(string SessionId, string Status, string? AgentId, int? Position, string? Skill)
    : ServerFrame(FrameTypes.Session)
{
    /// <summary>The frame for a session snapshot, showing <paramref name="position"/> (null: none).</summary>
    public static SessionFrame Of(SessionSnapshot session, int? position)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.SessionId, session.Status.ToString().ToLowerInvariant(), session.AgentId, position,
            session.Skill);
    }
}

public sealed record OfferFrame(string SessionId, string? VisitorId, string? Skill, long ExpiresInMs)
    : ServerFrame(FrameTypes.Offer);

public sealed record ItemFrame(
    string SessionId,
    long Seq,
    string Kind,
    string? Event,
    Participant From,
    string? Text,
    DateTimeOffset Ts,
    string? ClientMsgId)
    : ServerFrame(FrameTypes.Item)
{
    public static ItemFrame Of(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var kind = item.Kind == TimelineItemKind.Text ? "text" : "event";
        return new(item.SessionId, item.Seq, kind, item.Event, item.From, item.Text, item.Ts, item.ClientMsgId);
    }
}

/// <summary>A participant's read mark moved to seq (type <c>read</c>, like the client frame it relays).</summary>
public sealed record ReadReceiptFrame(string SessionId, long Seq, Participant By, DateTimeOffset Ts)
    : ServerFrame(FrameTypes.Read)
{
    public static ReadReceiptFrame Of(string sessionId, ReadMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return new(sessionId, mark.Seq, mark.By, mark.At);
    }
}

public sealed record AckFrame(string ClientMsgId, string SessionId, long Seq) : ServerFrame(FrameTypes.Ack);

/// <summary>
/// A refusal: <see cref="ClientMsgId"/> names the start/send it answers (the dropped frame, for rate_limited), and
/// <see cref="RetryAfterMs"/> how long to wait before resending (rate_limited only).
/// </summary>
public sealed record ErrorFrame(string Code, string Message, string? ClientMsgId = null, long? RetryAfterMs = null)
    : ServerFrame(FrameTypes.Error);

public sealed record PongFrame() : ServerFrame(FrameTypes.Pong);
