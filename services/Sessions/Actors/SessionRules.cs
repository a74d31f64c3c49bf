using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// What a request may do to a session, and what the session looks like after it: the status machine
/// (queued → offered → assigned → resolved; transfer back to a queue; reopen) as pure functions of the session,
/// the request and the time. <see cref="SessionActor"/> adds the effects: claims and releases on agent actors,
/// reminders, metrics, the durable timeline items and the publish.
/// </summary>
internal static class SessionRules
{
    public static Transition Create(
        SessionSnapshot session, CreateSessionRequest request, string skill, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.None)
        {
            // A retried start (same visitor, same client message) returns the session it created.
            return session.VisitorId == request.VisitorId
                ? Transition.Unchanged(session)
                : Transition.Refused(SupportError.Conflict("The session already exists."));
        }

        if (string.IsNullOrWhiteSpace(request.VisitorId))
        {
            return Transition.Refused(SupportError.Invalid("visitorId is required."));
        }

        return Transition.To(session with
        {
            Status = SessionStatus.Queued,
            Skill = skill,
            VisitorId = request.VisitorId,
            VisitorName = request.VisitorName,
            Priority = request.Priority,
            CreatedAt = now,
            QueuedAt = now,
            Context = request.Context,
        });
    }

    /// <summary>
    /// An offer of a waiting session. Whom to offer is the router's decision: a session transferred to a named agent
    /// goes to others once the router routes it by its skill (RoutingPlan), and keeps the name until it is accepted.
    /// </summary>
    public static Transition Offer(SessionSnapshot session, OfferRequest request)
    {
        if (session.Status is not (SessionStatus.Queued or SessionStatus.Offered))
        {
            return Transition.Refused(WrongStatus(session, "offered"));
        }

        return Transition.To(session with
        {
            Status = SessionStatus.Offered,
            OfferedTo = request.AgentId,
            OfferId = request.OfferId,
            OfferExpiresAt = request.ExpiresAt,
            Claimants = request.Claimants is { Count: > 1 } claimants ? claimants : null,
        });
    }

    /// <summary>An open offer withdrawn (lapsed, or its agent went away): the session is back in its queue.</summary>
    public static Transition WithdrawOffer(SessionSnapshot session, string offerId) =>
        session.Status != SessionStatus.Offered || session.OfferId != offerId
            ? Transition.Refused(SupportError.Conflict("That offer is no longer open."))
            : Transition.To(BackInQueue(session));

    /// <summary>
    /// Whether the agent may take the session now; the result is the assigned session, which the actor commits only
    /// once the agent actor's claim succeeded (otherwise the offer is withdrawn: <see cref="BackInQueue"/>).
    /// </summary>
    public static Transition Accept(SessionSnapshot session, AcceptRequest request, DateTimeOffset now)
    {
        if (session.Status == SessionStatus.Assigned && session.AgentId == request.AgentId)
        {
            return Transition.Unchanged(session);
        }

        if (session.Status == SessionStatus.None)
        {
            return Transition.Refused(NoSuchSession);
        }

        if (!session.IsOfferedTo(request.AgentId))
        {
            return Transition.Refused(
                SupportError.Conflict("The session is not offered to this agent."), replayable: true);
        }

        if (session.OfferExpiresAt is { } expires && now > expires)
        {
            return Transition.Refused(SupportError.Conflict("The offer has expired."));
        }

        return Transition.To(ClearOffer(session) with
        {
            Status = SessionStatus.Assigned,
            AgentId = request.AgentId,
            AssignedAt = now,
            TargetAgentId = null,
            FirstResponseAt = null,
        });
    }

    public static Transition Transfer(SessionSnapshot session, TransferRequest request, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Assigned)
        {
            return Transition.Refused(WrongStatus(session, "transferred"), replayable: true);
        }

        if (request.ByRole != Roles.Supervisor && request.ByUserId != session.AgentId)
        {
            return Transition.Refused(
                SupportError.Forbidden("Only the assigned agent or a supervisor can transfer the session."));
        }

        if (string.IsNullOrWhiteSpace(request.ToAgentId) == string.IsNullOrWhiteSpace(request.ToSkill))
        {
            return Transition.Refused(SupportError.Invalid("Give exactly one of toAgentId and toSkill."));
        }

        if (request.ToAgentId == session.AgentId)
        {
            return Transition.Refused(SupportError.Invalid("The session is already with that agent."));
        }

        return Transition.To(session with
        {
            Status = SessionStatus.Queued,
            AgentId = null,
            AssignedAt = null,
            FirstResponseAt = null,
            Skill = request.ToSkill?.Trim() ?? session.Skill,
            TargetAgentId = string.IsNullOrWhiteSpace(request.ToAgentId) ? null : request.ToAgentId,
            QueuedAt = now,
        });
    }

    /// <summary>Resolved by its visitor, its agent or a supervisor; a session nobody took ends abandoned.</summary>
    public static Transition Resolve(SessionSnapshot session, ResolveRequest request, DateTimeOffset now)
    {
        if (session.Status is SessionStatus.None or SessionStatus.Resolved)
        {
            return Transition.Refused(WrongStatus(session, "resolved"), replayable: true);
        }

        var allowed = request.ByRole switch
        {
            Roles.Supervisor => true,
            Roles.Visitor => request.ByUserId == session.VisitorId,
            Roles.Agent => session.Status == SessionStatus.Assigned && request.ByUserId == session.AgentId,
            _ => false,
        };
        return allowed
            ? Transition.To(
                ClearOffer(session) with { Status = SessionStatus.Resolved, ResolvedAt = now, TargetAgentId = null })
            : Transition.Refused(SupportError.Forbidden(
                "Only the visitor, the assigned agent or a supervisor can resolve the session."));
    }

    /// <summary>Whether a resolve ends the session resolved (an agent had it) or abandoned (nobody did).</summary>
    public static bool WasAnswered(SessionSnapshot before) => before.Status == SessionStatus.Assigned;

    /// <summary>
    /// A supervisor takes an assigned chat himself: he becomes the session's holder (<c>agentId</c>), the agent loses
    /// it. Taking one's own chat again changes nothing; only assigned sessions can be taken over.
    /// </summary>
    public static Transition TakeOver(SessionSnapshot session, TakeOverRequest request, DateTimeOffset now)
    {
        if (request.ByRole != Roles.Supervisor)
        {
            return Transition.Refused(SupportError.Forbidden("Only a supervisor can take over a session."));
        }

        if (session.Status == SessionStatus.Assigned && session.AgentId == request.ByUserId)
        {
            return Transition.Unchanged(session);
        }

        return session.Status == SessionStatus.Assigned
            ? Transition.To(session with { AgentId = request.ByUserId, AssignedAt = now })
            : Transition.Refused(WrongStatus(session, "taken over"), replayable: true);
    }

    /// <summary>Whether the author holds the session: an agent (checked by <see cref="RefuseText"/>) or the
    /// supervisor who took it over. Their first text is the session's first response.</summary>
    public static bool IsHolder(SessionSnapshot session, string role, string userId) =>
        role == Roles.Agent || (role == Roles.Supervisor && userId == session.AgentId);

    public static Transition Reopen(SessionSnapshot session, ReopenRequest request, DateTimeOffset now, TimeSpan window)
    {
        if (session.Status != SessionStatus.Resolved)
        {
            return Transition.Refused(WrongStatus(session, "reopened"), replayable: true);
        }

        if (request.ByRole == Roles.Visitor && request.ByUserId != session.VisitorId)
        {
            return Transition.Refused(SupportError.Forbidden("Only the session's visitor can reopen it."));
        }

        if (session.ResolvedAt is { } resolved && now - resolved > window)
        {
            return Transition.Refused(SupportError.Conflict("The reopen window has passed."));
        }

        return Transition.To(session with
        {
            Status = SessionStatus.Queued,
            AgentId = null,
            ResolvedAt = null,
            AssignedAt = null,
            FirstResponseAt = null,
            QueuedAt = now,
        });
    }

    /// <summary>Why a text may not be appended by this author; null when it may.</summary>
    public static SupportError? RefuseText(SessionSnapshot session, AppendTextRequest request) => session.Status switch
    {
        SessionStatus.None => NoSuchSession,
        SessionStatus.Resolved => SupportError.Conflict("The session is resolved."),
        _ when string.IsNullOrEmpty(request.Text) => SupportError.Invalid("text is required."),
        _ when !SessionLimits.IsClientMsgIdWithinLimit(request.ClientMsgId) =>
            SupportError.Invalid(SessionLimits.ClientMsgIdTooLong),
        _ when request.Note && request.FromRole is not (Roles.Agent or Roles.Supervisor) =>
            SupportError.Forbidden("Only staff write notes."),
        _ => request.FromRole switch
        {
            Roles.Visitor when request.FromId != session.VisitorId =>
                SupportError.Forbidden("Not this session's visitor."),
            Roles.Agent when request.FromId != session.AgentId || session.Status != SessionStatus.Assigned =>
                SupportError.Forbidden("Not this session's agent."),
            Roles.Visitor or Roles.Agent or Roles.Supervisor => null,
            _ => SupportError.Forbidden("Unknown role."),
        },
    };

    /// <summary>
    /// A participant's read mark moving forward (clamped to the last seq): the new mark, none when it would not move,
    /// or the refusal (only the visitor and the assigned agent have marks).
    /// </summary>
    public static (SupportError? Refusal, ReadMark? Mark) MarkRead(
        SessionSnapshot session, MarkReadRequest request, DateTimeOffset now)
    {
        if (session.Status == SessionStatus.None)
        {
            return (NoSuchSession, null);
        }

        var participant = request.Role switch
        {
            Roles.Visitor when request.UserId == session.VisitorId =>
                new Participant(Roles.Visitor, request.UserId, request.Name ?? session.VisitorName),
            Roles.Agent when request.UserId == session.AgentId =>
                new Participant(Roles.Agent, request.UserId, request.Name),
            _ => null,
        };
        if (participant is null)
        {
            return (SupportError.Forbidden("Only the session's visitor and its assigned agent have read marks."), null);
        }

        var previous = MarkOf(session, participant);
        var seq = Math.Min(request.Seq, session.LastSeq);
        return seq <= (previous?.Seq ?? 0)
            ? (null, null)
            : (null, new ReadMark(participant with { Name = participant.Name ?? previous?.By.Name }, seq, now));
    }

    /// <summary>
    /// Whether a new read mark must be saved now rather than kept in memory until the session's next save: when the
    /// stored record has no mark of this reader, or its stored mark is <paramref name="every"/> or more older.
    /// A reader's stored mark therefore trails its newest by less than <paramref name="every"/> (zero: every mark is
    /// saved), and that is all a restart or a move can take back.
    /// </summary>
    public static bool MarkIsDue(SessionSnapshot stored, ReadMark mark, TimeSpan every)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(mark);
        return MarkOf(stored, mark.By) is not { } saved || mark.At - saved.At >= every;
    }

    /// <summary>The session with the participant's mark replaced by <paramref name="mark"/>.</summary>
    public static SessionSnapshot WithMark(SessionSnapshot session, ReadMark mark)
    {
        var marks = session.ReadMarks ?? [];
        var previous = MarkOf(session, mark.By);
        return session with { ReadMarks = [.. marks.Where(m => m != previous), mark] };
    }

    /// <summary>The SLA breach a timer of this kind finds when it fires, if the session is still in breach.</summary>
    public static string? Breached(SessionSnapshot session, string kind) => kind switch
    {
        SlaBreach.FirstResponse when session.Status == SessionStatus.Assigned && session.FirstResponseAt is null =>
            kind,
        SlaBreach.Resolution when session.Status is not (SessionStatus.Resolved or SessionStatus.None) => kind,
        _ => null,
    };

    /// <summary>The session back in its queue with no offer open.</summary>
    public static SessionSnapshot BackInQueue(SessionSnapshot session) =>
        ClearOffer(session) with { Status = SessionStatus.Queued };

    internal static SupportError NoSuchSession => SupportError.NotFound("No such session.");

    private static ReadMark? MarkOf(SessionSnapshot session, Participant who) =>
        (session.ReadMarks ?? []).FirstOrDefault(m => m.By.Role == who.Role && m.By.Id == who.Id);

    private static SessionSnapshot ClearOffer(SessionSnapshot session) =>
        session with { OfferedTo = null, OfferId = null, OfferExpiresAt = null, Claimants = null };

    private static SupportError WrongStatus(SessionSnapshot session, string transition) =>
        session.Status == SessionStatus.None
            ? NoSuchSession
            : SupportError.Conflict(
                $"A {session.Status.ToString().ToLowerInvariant()} session cannot be {transition}.");
}

/// <summary>
/// The outcome of a rule: the session after the change (<see cref="Next"/>), the same session when the request is
/// already satisfied (<see cref="IsUnchanged"/>), or a refusal. A <see cref="Replayable"/> refusal is answered with the
/// session instead when the request id shows the session already applied this very request.
/// </summary>
internal readonly record struct Transition(
    SessionSnapshot? Next, SupportError? Refusal, bool IsUnchanged, bool Replayable)
{
    public static Transition To(SessionSnapshot next) => new(next, null, false, false);

    public static Transition Unchanged(SessionSnapshot session) => new(session, null, true, false);

    public static Transition Refused(SupportError error, bool replayable = false) =>
        new(null, error, false, replayable);
}
