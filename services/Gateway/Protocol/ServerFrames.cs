using System.Text.Json.Serialization;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Tenancy;

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

/// <summary>
/// An offer to an agent: the visitor is shown by name and handle (<see cref="VisitorHandles"/>), never by id.
/// </summary>
public sealed record OfferFrame(string SessionId, Participant Visitor, string? Skill, long ExpiresInMs)
    : ServerFrame(FrameTypes.Offer)
{
    public static OfferFrame Of(SessionSnapshot session, long expiresInMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var handle = VisitorHandles.Of(session.Tenant, session.VisitorId ?? "");
        var visitor = new Participant(Contracts.Roles.Visitor, handle, session.VisitorName);
        return new(session.SessionId, visitor, session.Skill, expiresInMs);
    }
}

/// <summary>
/// An offer shown to this agent ended without its accept; <see cref="Reason"/> is one of
/// <see cref="OfferEndReasons"/> (taken, declined, expired, withdrawn).
/// </summary>
public sealed record OfferEndedFrame(string SessionId, string Reason) : ServerFrame(FrameTypes.OfferEnded);

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
    /// <summary>The item as <paramref name="viewer"/> sees it (a visitor author shown to staff by handle).</summary>
    public static ItemFrame Of(TimelineItem item, SupportPrincipal viewer)
    {
        ArgumentNullException.ThrowIfNull(item);
        var kind = item.Kind switch
        {
            TimelineItemKind.Text => "text",
            TimelineItemKind.Note => "note",
            _ => "event",
        };
        var from = VisitorHandles.Shown(viewer, item.Tenant, item.From);
        return new(item.SessionId, item.Seq, kind, item.Event, from, item.Text, item.Ts, item.ClientMsgId);
    }
}

/// <summary>A participant's read mark moved to seq (type <c>read</c>, like the client frame it relays).</summary>
public sealed record ReadReceiptFrame(string SessionId, long Seq, Participant By, DateTimeOffset Ts)
    : ServerFrame(FrameTypes.Read)
{
    /// <summary>The mark as <paramref name="viewer"/> sees it (a visitor reader shown to staff by handle).</summary>
    public static ReadReceiptFrame Of(string sessionId, ReadMark mark, SupportPrincipal viewer)
    {
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentNullException.ThrowIfNull(viewer);
        return new(sessionId, mark.Seq, VisitorHandles.Shown(viewer, viewer.Tenant, mark.By), mark.At);
    }
}

/// <summary>
/// Another participant is typing (type <c>typing</c>, like the client frame it relays); a visitor shown to staff by
/// handle.
/// </summary>
public sealed record TypingRelayFrame(string SessionId, Participant By) : ServerFrame(FrameTypes.Typing)
{
    public static TypingRelayFrame Of(SessionTyping typing, SupportPrincipal viewer)
    {
        ArgumentNullException.ThrowIfNull(typing);
        return new(typing.SessionId, VisitorHandles.Shown(viewer, typing.Tenant, typing.By));
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
