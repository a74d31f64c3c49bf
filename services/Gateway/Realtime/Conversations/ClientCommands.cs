using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using DaprSupport.Gateway.Protocol;
using DaprSupport.ServiceDefaults;
using DaprSupport.Tenancy;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The client frames (docs/protocol.md "Client → server"): each one validated, checked against the caller's role,
/// turned into a sessions-service call and answered through the given sink (ack, error, pong, session).
/// </summary>
internal sealed class ClientCommands(
    SupportPrincipal principal, SessionsClient sessions, SessionFollower follower, StartPolicy starts,
    StartAdmission admission, TenantDirectory tenants, TypingRelay typing)
{
    /// <summary>Set and cleared by the pump only; read by the heartbeat.</summary>
    private volatile PresenceUpdate? _unsavedPresence;

    private string Tenant => principal.Tenant;

    private bool IsAgent => principal.Role == Roles.Agent;

    public Task HandleAsync(ClientFrame frame, IFrameSink replies, CancellationToken ct)
    {
        switch (frame)
        {
            case PingFrame:
                replies.Emit(new PongFrame());
                return Task.CompletedTask;
            case HelloFrame hello:
                return HelloAsync(hello, replies, ct);
            case StartFrame start:
                return StartAsync(start, replies, ct);
            case SendFrame send:
                return SendAsync(send, replies, ct);
            case ReadFrame read:
                return ReadAsync(read, replies, ct);
            case PresenceFrame presence:
                return PresenceAsync(presence, replies, ct);
            case AcceptFrame accept:
                return AcceptAsync(accept, replies, ct);
            case DeclineFrame decline:
                return DeclineAsync(decline, replies, ct);
            case TransferFrame transfer:
                return TransferAsync(transfer, replies, ct);
            case ResolveFrame resolve:
                return ResolveAsync(resolve, replies, ct);
            case TypingFrame signal:
                return typing.RelayAsync(principal, signal, follower.ShownSession(signal.SessionId), replies, ct);
            case NoteFrame note:
                return NoteAsync(note, replies, ct);
            default:
                replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, "Unknown frame."));
                return Task.CompletedTask;
        }
    }

    /// <summary>The <c>clientMsgId</c> an answer to the frame carries (start and send), if any.</summary>
    public static string? ClientMsgIdOf(ClientFrame frame) => frame switch
    {
        SendFrame send => send.ClientMsgId,
        StartFrame start => start.ClientMsgId,
        NoteFrame note => note.ClientMsgId,
        _ => null,
    };

    private async Task HelloAsync(HelloFrame hello, IFrameSink replies, CancellationToken ct)
    {
        if (hello.Resume is { Count: > FrameCosts.MaxResumeSessions })
        {
            replies.Emit(new ErrorFrame(ErrorCodes.InvalidArgument,
                $"hello.resume names at most {FrameCosts.MaxResumeSessions} sessions; nothing was resumed."));
            return;
        }

        foreach (var (sessionId, lastSeen) in hello.Resume ?? new Dictionary<string, long>())
        {
            if (lastSeen < 0)
            {
                replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, $"resume.{sessionId} must be ≥ 0."));
                continue;
            }

            await follower.ResumeAsync(sessionId, lastSeen, replies, ct);
        }
    }

    private async Task StartAsync(StartFrame start, IFrameSink replies, CancellationToken ct)
    {
        var (request, refusal) = starts.Decide(principal, start);
        if (request is null)
        {
            replies.Emit(refusal!);
            return;
        }

        var clientMsgId = request.ClientMsgId!;
        using var ahead = follower.ListenAheadOf(SessionIds.ForStart(Tenant, request.VisitorId, clientMsgId));
        Outcome<SessionSnapshot> created;
        using (var permit = await admission.EnterAsync(Tenant, ct))
        {
            if (!permit.Admitted)
            {
                replies.Emit(new ErrorFrame(ErrorCodes.Unavailable,
                    "Too many chats are starting; send this start again after retryAfterMs.", clientMsgId,
                    permit.RetryAfterMs));
                return;
            }

            created = await sessions.CreateAsync(Tenant, request, ct);
        }

        if (created.Value is not { } session)
        {
            // A sessions service that could not answer is overload too: the visitor retries later, as above.
            var error = created.Error! with { ClientMsgId = clientMsgId };
            replies.Emit(error.Code == ErrorCodes.Unavailable && error.RetryAfterMs is null
                ? error with { RetryAfterMs = admission.RetryAfterMs(Random.Shared.NextDouble()) }
                : error);
            return;
        }

        await follower.FollowAsync(session, 0, replies, ct, ahead);

        // The start text is the session's first timeline item.
        replies.Emit(new AckFrame(clientMsgId, session.SessionId, 1));
    }

    /// <summary>A staff-only note: appended like a send, as a <c>note</c> item.</summary>
    private Task NoteAsync(NoteFrame note, IFrameSink replies, CancellationToken ct)
    {
        if (principal.Role is Roles.Agent or Roles.Supervisor)
        {
            return SendAsync(new SendFrame(note.ClientMsgId, note.SessionId, note.Text), replies, ct, isNote: true);
        }

        replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only staff write notes.", note.ClientMsgId));
        return Task.CompletedTask;
    }

    private async Task SendAsync(SendFrame send, IFrameSink replies, CancellationToken ct, bool isNote = false)
    {
        if (send.ClientMsgId is not { Length: > 0 } clientMsgId || send.SessionId is not { Length: > 0 } sessionId
            || string.IsNullOrEmpty(send.Text))
        {
            var type = isNote ? FrameTypes.Note : FrameTypes.Send;
            replies.Emit(new ErrorFrame(
                ErrorCodes.BadFrame, $"{type} needs clientMsgId, sessionId and text.", send.ClientMsgId));
            return;
        }

        if (!SessionLimits.IsClientMsgIdWithinLimit(clientMsgId))
        {
            replies.Emit(new ErrorFrame(ErrorCodes.InvalidArgument, SessionLimits.ClientMsgIdTooLong, clientMsgId));
            return;
        }

        if (!await follower.EnsureFollowingAsync(sessionId, clientMsgId, replies, ct))
        {
            return;
        }

        var request = new AppendTextRequest(
            clientMsgId, principal.Role, principal.UserId, principal.DisplayName, send.Text, isNote);
        // The client maps the actor's refusal to the outcome's error.
        var appended = await sessions.AppendAsync(Tenant, sessionId, request, ct);
        replies.Emit(appended.Error is { } error
            ? error with { ClientMsgId = clientMsgId }
            : new AckFrame(clientMsgId, sessionId, appended.Value!.Seq));
    }

    private async Task ReadAsync(ReadFrame read, IFrameSink replies, CancellationToken ct)
    {
        if (read.SessionId is not { Length: > 0 } sessionId || read.Seq is not { } seq || seq < 0)
        {
            replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, "read needs sessionId and seq ≥ 0."));
            return;
        }

        // A mark this connection was shown already changes nothing (a page sends its read again after each reconnect,
        // and a reconnect storm would call every session actor): answered here.
        if (!await follower.EnsureFollowingAsync(sessionId, null, replies, ct)
            || follower.HasShownRead(sessionId, principal.Role, principal.UserId, seq))
        {
            return;
        }

        // The receipt comes back to every follower (this connection included) as a read frame through the fanout.
        var request = new MarkReadRequest(principal.Role, principal.UserId, seq, principal.DisplayName);
        var marked = await sessions.MarkReadAsync(Tenant, sessionId, request, ct);
        if (marked.Error is { } error)
        {
            replies.Emit(error);
        }
    }

    private async Task PresenceAsync(PresenceFrame frame, IFrameSink replies, CancellationToken ct)
    {
        if (!IsAgent)
        {
            replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only agents have presence."));
            return;
        }

        if (!Enum.TryParse<AgentPresence>(frame.Status, ignoreCase: true, out var presence)
            || !Enum.IsDefined(presence) || int.TryParse(frame.Status, out _))
        {
            replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, "presence.status must be online, away or offline."));
            return;
        }

        var update = new PresenceUpdate(presence, principal.Skills, principal.Capacity);
        var result = await sessions.SetPresenceAsync(Tenant, principal.UserId, update, ct);

        // Refused as unavailable (the sessions service restarting, say), it is asked again at each heartbeat until
        // it lands or the agent sends another: an agent told "online" must not stay offline for good.
        _unsavedPresence = result.Error is { Code: ErrorCodes.Unavailable } ? update : null;
        if (result.Error is { } error)
        {
            replies.Emit(error);
        }
    }

    /// <summary>Whether a presence the sessions service could not take waits to be asked again.</summary>
    public bool HasUnsavedPresence => _unsavedPresence is not null;

    /// <summary>Asks again for the presence the sessions service could not take (kept while unavailable).</summary>
    public async Task RetryPresenceAsync(CancellationToken ct)
    {
        if (_unsavedPresence is not { } update)
        {
            return;
        }

        var result = await sessions.SetPresenceAsync(Tenant, principal.UserId, update, ct);
        if (result.Error is not { Code: ErrorCodes.Unavailable })
        {
            _unsavedPresence = null;
        }
    }

    private async Task AcceptAsync(AcceptFrame accept, IFrameSink replies, CancellationToken ct)
    {
        if (!IsAgent || accept.SessionId is not { Length: > 0 } sessionId)
        {
            replies.Emit(IsAgent
                ? new ErrorFrame(ErrorCodes.BadFrame, "accept needs sessionId.")
                : new ErrorFrame(ErrorCodes.Forbidden, "Only agents accept sessions."));
            return;
        }

        using var ahead = follower.ListenAheadOf(sessionId);
        var accepted = await sessions.AcceptAsync(Tenant, sessionId, principal.UserId, ct);
        if (accepted.Value is { } session)
        {
            await follower.FollowAsync(session, 0, replies, ct, ahead);
        }
        else
        {
            replies.Emit(accepted.Error!);
        }
    }

    /// <summary>
    /// The agent declines its offer; the <c>offer_ended</c> frame (reason <c>declined</c>) follows with the change.
    /// </summary>
    private async Task DeclineAsync(DeclineFrame decline, IFrameSink replies, CancellationToken ct)
    {
        if (!IsAgent || decline.SessionId is not { Length: > 0 } sessionId)
        {
            replies.Emit(IsAgent
                ? new ErrorFrame(ErrorCodes.BadFrame, "decline needs sessionId.")
                : new ErrorFrame(ErrorCodes.Forbidden, "Only agents decline sessions."));
            return;
        }

        var declined = await sessions.DeclineAsync(Tenant, sessionId, principal.UserId, ct);
        if (declined.Error is { } error)
        {
            replies.Emit(error);
        }
    }

    private async Task TransferAsync(TransferFrame transfer, IFrameSink replies, CancellationToken ct)
    {
        if (principal.Role is not (Roles.Agent or Roles.Supervisor))
        {
            replies.Emit(new ErrorFrame(ErrorCodes.Forbidden, "Only agents and supervisors transfer."));
            return;
        }

        if (transfer.SessionId is not { Length: > 0 } sessionId
            || (transfer.ToAgentId is null) == (transfer.ToSkill is null))
        {
            replies.Emit(new ErrorFrame(
                ErrorCodes.BadFrame, "transfer needs sessionId and exactly one of toAgentId, toSkill."));
            return;
        }

        if (transfer.ToSkill is { } toSkill && !tenants.IsSkillGroup(Tenant, toSkill))
        {
            // Queues and metric labels come only from configured skill groups.
            replies.Emit(new ErrorFrame(
                ErrorCodes.InvalidArgument, "toSkill must be one of the tenant's skill groups."));
            return;
        }

        var request = new TransferRequest(principal.UserId, principal.Role, transfer.ToAgentId, transfer.ToSkill);
        Reply(await sessions.TransferAsync(Tenant, sessionId, request, ct), replies);
    }

    private async Task ResolveAsync(ResolveFrame resolve, IFrameSink replies, CancellationToken ct)
    {
        if (resolve.SessionId is not { Length: > 0 } sessionId)
        {
            replies.Emit(new ErrorFrame(ErrorCodes.BadFrame, "resolve needs sessionId."));
            return;
        }

        if (!await follower.EnsureFollowingAsync(sessionId, null, replies, ct))
        {
            return;
        }

        var request = new ResolveRequest(principal.UserId, principal.Role);
        Reply(await sessions.ResolveAsync(Tenant, sessionId, request, ct), replies);
    }

    private void Reply(Outcome<SessionSnapshot> outcome, IFrameSink replies)
    {
        if (outcome.Value is { } session)
        {
            follower.Reply(session, replies);
        }
        else
        {
            replies.Emit(outcome.Error!);
        }
    }
}
