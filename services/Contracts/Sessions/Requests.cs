namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// A visitor opens a session for a skill (default "general") with a priority (default 0, higher first);
/// <see cref="Context"/> is what the visitor's page said about it (shown to staff as visitor details).
/// </summary>
public sealed record CreateSessionRequest(
    string VisitorId, string? VisitorName, string? Skill, int Priority, string? ClientMsgId, string? Text,
    VisitorContext? Context = null);

/// <summary>
/// The router offers a queued session to an agent; a later offer with a new id replaces an expired one. Claimants:
/// manual claim mode, the session is offered to all of them at once (AgentId first); null for one agent.
/// </summary>
public sealed record OfferRequest(
    string AgentId, string OfferId, DateTimeOffset ExpiresAt, IReadOnlyList<string>? Claimants = null);

/// <summary>
/// An offer that ended without an accept (<see cref="OfferEndReasons"/>): the session goes back to its queue. With
/// <paramref name="OnlyAgentId"/> only that agent's part of a manual claim offer ends; the others keep theirs.
/// </summary>
public sealed record WithdrawOfferRequest(string OfferId, string? Reason = null, string? OnlyAgentId = null);

/// <summary>An agent declines the session offered to it.</summary>
public sealed record DeclineRequest(string AgentId);

/// <summary>
/// The session is taken from its assigned agent <paramref name="AgentId"/> and queued for another, for
/// <paramref name="Reason"/> (<see cref="Timeline.RequeueReasons"/>); nothing happens if that agent no longer holds it.
/// </summary>
public sealed record RequeueRequest(string AgentId, string Reason);

// State-changing requests carry a RequestId (the caller's idempotency key): Dapr replays a call after a timeout or a
// retried status, and the session actor answers a request id it has already applied with the session instead of
// applying it again (or refusing it as a false 409).

public sealed record AcceptRequest(string AgentId, string? RequestId = null);

/// <summary>Transfer by the assigned agent (or a supervisor): to a skill queue, or offered to a named agent.</summary>
public sealed record TransferRequest(
    string ByUserId, string ByRole, string? ToAgentId, string? ToSkill, string? RequestId = null);

public sealed record ResolveRequest(string ByUserId, string ByRole, string? RequestId = null);

public sealed record ReopenRequest(string ByUserId, string ByRole, string? RequestId = null);

/// <summary>
/// A text for the timeline, idempotent on ClientMsgId; <see cref="Note"/>: a staff-only note
/// (<see cref="Timeline.TimelineItemKind.Note"/>), refused from the visitor and never a first response.
/// </summary>
public sealed record AppendTextRequest(
    string ClientMsgId, string FromRole, string FromId, string? FromName, string Text, bool Note = false);

/// <summary>
/// A participant (the visitor, or the assigned agent) has read the timeline up to Seq; Name is the display name to
/// show with the mark (optional; the visitor's name from the session is used when absent).
/// </summary>
public sealed record MarkReadRequest(string Role, string UserId, long Seq, string? Name = null);
