using System.Diagnostics;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The sessions one connection follows: following (session frame, read marks, then history up to the live edge),
/// replay on resume, gap-filling catch-up, and the live items, changes, reads and positions the fanout pushes, in
/// order per session (<see cref="SessionStream"/>). Touched only by the conversation's pump.
/// </summary>
internal sealed partial class SessionFollower(
    SupportPrincipal principal,
    SessionsClient sessions,
    ReplicaFanout fanout,
    ConversationOutbound outbound,
    Func<ReplicaEvent, bool> listener,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly Dictionary<string, Followed> _followed = new(StringComparer.Ordinal);

    private string Tenant => principal.Tenant;

    public bool IsFollowing(string sessionId) => _followed.ContainsKey(sessionId);

    /// <summary>
    /// The session as this connection was last shown it, if it follows it: its changes keep it current, and a session
    /// the user may no longer see is not followed.
    /// </summary>
    public SessionSnapshot? ShownSession(string? sessionId) =>
        sessionId is not null && _followed.TryGetValue(sessionId, out var followed) ? followed.Stream.Shown : null;

    /// <summary>
    /// Resumes a session after <paramref name="lastSeen"/> if the user may see it; an error frame if not.
    /// </summary>
    public async Task ResumeAsync(string sessionId, long lastSeen, IFrameSink replies, CancellationToken ct)
    {
        using var ahead = ListenAheadOf(sessionId);
        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Value is { } s)
        {
            await FollowAsync(s, lastSeen, replies, ct, ahead);
        }
        else
        {
            replies.Emit(session.Error!);
        }
    }

    /// <summary>
    /// Follows a session the user takes part in (from its current end); false (and an error sent) otherwise.
    /// </summary>
    public async Task<bool> EnsureFollowingAsync(
        string sessionId, string? clientMsgId, IFrameSink replies, CancellationToken ct)
    {
        if (_followed.ContainsKey(sessionId))
        {
            return true;
        }

        using var ahead = ListenAheadOf(sessionId);
        var session = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (session.Value is not { } s)
        {
            replies.Emit(session.Error! with { ClientMsgId = clientMsgId });
            return false;
        }

        await FollowAsync(s, s.LastSeq, replies, ct, ahead);
        return true;
    }

    /// <summary>
    /// Listens to a session before the call that will answer with it (<see cref="ListenAhead"/>); nothing new when
    /// the session is followed already.
    /// </summary>
    public ListenAhead ListenAheadOf(string sessionId) =>
        _followed.ContainsKey(sessionId)
            ? ListenAhead.None
            : new ListenAhead(sessionId, fanout.ListenSession(Tenant, sessionId, listener));

    /// <summary>
    /// Starts (or re-reads) a session's items after <paramref name="afterSeq"/>: the session frame first, live items
    /// registered before history is read, then history fills in up to the live edge. With <paramref name="ahead"/>
    /// (listening since before <paramref name="session"/> was read), history is read up to that snapshot's last seq,
    /// and the rest arrives live; without it, up to the session's last seq at read time.
    /// </summary>
    public async Task FollowAsync(
        SessionSnapshot session, long afterSeq, IFrameSink replies, CancellationToken ct, ListenAhead? ahead = null)
    {
        var sessionId = session.SessionId;
        if (_followed.TryGetValue(sessionId, out var existing))
        {
            Show(session, existing.Stream, replies);
            ShowReadMarks(session, existing.Stream, replies);
            if (afterSeq < existing.Stream.Delivered)
            {
                await ReplayAsync(sessionId, afterSeq, existing.Stream.Delivered, ct);
            }

            return;
        }

        var stream = new SessionStream(afterSeq);
        var early = ahead?.TakeFor(sessionId);
        _followed[sessionId] = new Followed(stream, early ?? fanout.ListenSession(Tenant, sessionId, listener));
        Show(session, stream, replies);
        ShowReadMarks(session, stream, replies);
        await CatchUpAsync(sessionId, stream, ct, upToSeq: early is null ? null : session.LastSeq);
    }

    /// <summary>Answers a command with the session it changed (unless the client already has that version).</summary>
    public void Reply(SessionSnapshot session, IFrameSink replies) =>
        Show(session, _followed.GetValueOrDefault(session.SessionId)?.Stream, replies);

    /// <summary>Live input from the fanout; frames go out with the pushed frames.</summary>
    public Task OnPushedAsync(ReplicaEvent pushed, CancellationToken ct)
    {
        switch (pushed)
        {
            case ItemArrived arrived:
                return OnItemAsync(arrived.Item, ct);
            case SessionChangeArrived arrived:
                return OnChangedAsync(arrived.Change, ct);
            case ReadArrived arrived:
                OnRead(arrived.Read);
                return Task.CompletedTask;
            case PositionArrived arrived:
                OnPosition(arrived.Position);
                return Task.CompletedTask;
            case TypingArrived arrived:
                OnTyping(arrived.Typing);
                return Task.CompletedTask;
            case ItemsOverdue overdue:
                return OnOverdueAsync(overdue, ct);
            default:
                throw new UnreachableException($"Unhandled fanout event {pushed.GetType().Name}.");
        }
    }

    public void Dispose()
    {
        foreach (var followed in _followed.Values)
        {
            followed.Registration.Dispose();
        }

        _followed.Clear();
    }

    private async Task OnItemAsync(TimelineItem item, CancellationToken ct)
    {
        if (!_followed.TryGetValue(item.SessionId, out var followed))
        {
            return;
        }

        foreach (var ready in followed.Stream.Accept(item).Where(Visible))
        {
            outbound.Emit(ItemFrame.Of(ready, principal));
        }

        if (followed.Stream.HasGap)
        {
            await CatchUpAsync(item.SessionId, followed.Stream, ct);
        }
    }

    private async Task OnChangedAsync(SessionChanged change, CancellationToken ct)
    {
        var session = change.Session;
        if (_followed.TryGetValue(session.SessionId, out var followed))
        {
            Show(session, followed.Stream, outbound, change.At);
            CheckLater(session, followed.Stream);
        }
        else if (principal.Role == Roles.Agent && session is { Status: SessionStatus.Assigned }
            && session.AgentId == principal.UserId)
        {
            await FollowAssignedAsync(session.SessionId, ct);
        }
    }

    /// <summary>
    /// A session assigned to this agent elsewhere (another connection accepted it, or it was transferred here): it is
    /// followed only if a freshly read snapshot says the agent may see it, never on the pushed snapshot's word.
    /// </summary>
    private async Task FollowAssignedAsync(string sessionId, CancellationToken ct)
    {
        using var ahead = ListenAheadOf(sessionId);
        var fresh = await sessions.AuthorizeAsync(principal, sessionId, ct);
        if (fresh.Value is { Status: SessionStatus.Assigned } session && session.AgentId == principal.UserId)
        {
            await FollowAsync(session, 0, outbound, ct, ahead);
        }
        else
        {
            logger.LogDebug("Not following {SessionId} for {AgentId}: {Error}", sessionId, principal.UserId,
                fresh.Error?.Message ?? "not assigned to this agent");
        }
    }

    /// <summary>A queued session moved in its queue: a session frame with the new position (no new version).</summary>
    private void OnPosition(QueuePosition update)
    {
        if (_followed.TryGetValue(update.SessionId, out var followed) && followed.Stream.Move(update) is { } session)
        {
            outbound.Emit(SessionFrame.Of(session, session.Position));
        }
    }

    /// <summary>
    /// Whether the user may see the item: a note is staff-only (the visitor's stream still counts its seq, so the
    /// note is a gap the visitor never fills).
    /// </summary>
    private bool Visible(TimelineItem item) => item.Kind != TimelineItemKind.Note || principal.Role != Roles.Visitor;

    /// <summary>Another participant is typing: relayed, unless it is this user (on any of its connections).</summary>
    private void OnTyping(SessionTyping typing)
    {
        if (_followed.ContainsKey(typing.SessionId)
            && !(typing.By.Role == principal.Role && typing.By.Id == principal.UserId))
        {
            outbound.Emit(TypingRelayFrame.Of(typing, principal));
        }
    }

    /// <summary>Whether this connection follows the session and was shown the reader's mark at seq or later.</summary>
    public bool HasShownRead(string sessionId, string role, string id, long seq) =>
        _followed.TryGetValue(sessionId, out var followed) && followed.Stream.HasShownRead(role, id, seq);

    private void OnRead(SessionRead read)
    {
        if (_followed.TryGetValue(read.SessionId, out var followed) && followed.Stream.AdvanceRead(read.Mark))
        {
            outbound.Emit(ReadReceiptFrame.Of(read.SessionId, read.Mark, principal));
        }
    }

    /// <summary>
    /// The read marks a session snapshot holds, so a client that starts following learns the read state.
    /// </summary>
    private void ShowReadMarks(SessionSnapshot session, SessionStream stream, IFrameSink replies)
    {
        foreach (var mark in session.ReadMarks ?? [])
        {
            if (stream.AdvanceRead(mark))
            {
                replies.Emit(ReadReceiptFrame.Of(session.SessionId, mark, principal));
            }
        }
    }

    /// <summary>
    /// A session frame, unless the client already has this or a newer version of the session (by
    /// <see cref="SessionSnapshot.Version"/>, which every change moves, not only those adding items). A queued session
    /// shows its position (<see cref="SessionStream.Show"/>); <paramref name="changedAt"/> is when a published change
    /// happened. A newer version the user may no longer see (transferred away, offer lapsed) is the last one shown:
    /// the session is not followed any more.
    /// </summary>
    private void Show(
        SessionSnapshot session, SessionStream? stream, IFrameSink replies, DateTimeOffset? changedAt = null)
    {
        var position = session.Status == SessionStatus.Queued ? session.Position : null;
        if (stream is not null)
        {
            if (session.Version <= stream.SessionVersion)
            {
                return;
            }

            stream.SessionVersion = session.Version;
            position = stream.Show(session, changedAt);
        }

        replies.Emit(SessionFrame.Of(session, position));
        if (stream is not null && !SessionAccess.CanSee(principal, session))
        {
            Unfollow(session.SessionId);
        }
    }

    private void Unfollow(string sessionId)
    {
        if (_followed.Remove(sessionId, out var followed))
        {
            followed.Registration.Dispose();
        }
    }

    private sealed record Followed(SessionStream Stream, IDisposable Registration);
}
