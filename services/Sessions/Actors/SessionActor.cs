using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.ServiceDefaults.History;
using DaprSupport.Sessions.Metrics;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Options;
using Prometheus;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// Owner of one session: the status machine (queued → offered → assigned → resolved, transfer, reopen) and the
/// timeline, whose items it numbers 1, 2, 3… and makes durable in the history store before anyone is told.
/// It calls only the agent actor (claim/release), which calls nothing back.
/// </summary>
[Actor(TypeName = ActorTypes.Session)]
public sealed class SessionActor(
    ActorHost host,
    IOptions<RoutingOptions> options,
    DaprClient dapr,
    TimelineHistory history,
    IActorProxyFactory actors,
    TimeProvider time,
    ILogger<SessionActor> logger) : Actor(host), ISessionActor, IRemindable
{
    private const string StateKey = "session";
    private const string FirstResponseReminder = "sla-first-response";
    private const string ResolutionReminder = "sla-resolution";
    private static readonly Participant System = new(Roles.System, "router", null);
    private readonly RoutingOptions _options = options.Value;

    public async Task<SessionSnapshot> GetAsync() => (await LoadAsync()).Session;

    public async Task<SessionResult> CreateAsync(CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status != SessionStatus.None)
        {
            // A retried start (same visitor, same client message) returns the session it created.
            return session.VisitorId == request.VisitorId
                ? SessionResult.Ok(session)
                : SessionResult.Fail(SupportError.Conflict("The session already exists."));
        }

        if (string.IsNullOrWhiteSpace(request.VisitorId))
        {
            return SessionResult.Fail(SupportError.Invalid("visitorId is required."));
        }

        var now = time.GetUtcNow();
        var skill = string.IsNullOrWhiteSpace(request.Skill) ? _options.DefaultSkill : request.Skill.Trim();
        record = record with
        {
            Session = session with
            {
                Status = SessionStatus.Queued,
                Skill = skill,
                VisitorId = request.VisitorId,
                VisitorName = request.VisitorName,
                Priority = request.Priority,
                CreatedAt = now,
                QueuedAt = now,
            },
        };
        await RegisterReminderAsync(ResolutionReminder, null, _options.SlaFor(record.Session.Tenant, skill).Resolution, Once);
        NewItem[] items = string.IsNullOrEmpty(request.Text)
            ? [NewItem.Event(TimelineEvents.Queued, System)]
            : [new NewItem(TimelineItemKind.Text, null, new Participant(Roles.Visitor, request.VisitorId, request.VisitorName), request.Text, request.ClientMsgId), NewItem.Event(TimelineEvents.Queued, System)];
        var created = await CommitAsync(record, TimelineEvents.Queued, items);
        SupportMetrics.SessionsCreated.WithLabels(session.Tenant, skill).Inc();
        return created;
    }

    public async Task<SessionResult> OfferAsync(OfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status is not (SessionStatus.Queued or SessionStatus.Offered))
        {
            return Refuse(session, "offered");
        }

        if (session.TargetAgentId is { } target && target != request.AgentId)
        {
            return SessionResult.Fail(SupportError.Conflict($"The session waits for agent {target}."));
        }

        record = record with
        {
            Session = session with { Status = SessionStatus.Offered, OfferedTo = request.AgentId, OfferId = request.OfferId, OfferExpiresAt = request.ExpiresAt },
        };
        SupportMetrics.Offers.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.OfferOutcomes.Offered).Inc();
        return await CommitAsync(record, TimelineEvents.Offered, NewItem.Event(TimelineEvents.Offered, new Participant(Roles.Agent, request.AgentId, null)));
    }

    public async Task<SessionResult> WithdrawOfferAsync(WithdrawOfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status != SessionStatus.Offered || session.OfferId != request.OfferId)
        {
            return SessionResult.Fail(SupportError.Conflict("That offer is no longer open."));
        }

        record = record with { Session = ClearOffer(session) with { Status = SessionStatus.Queued } };
        SupportMetrics.Offers.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.OfferOutcomes.Lapsed).Inc();
        return await CommitAsync(record, "offer_withdrawn");
    }

    public async Task<SessionResult> AcceptAsync(AcceptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status == SessionStatus.Assigned && session.AgentId == request.AgentId)
        {
            return SessionResult.Ok(session);
        }

        if (session.Status == SessionStatus.None)
        {
            return SessionResult.Fail(SupportError.NotFound("No such session."));
        }

        if (session.Status != SessionStatus.Offered || session.OfferedTo != request.AgentId)
        {
            return record.Replayed(request.RequestId) ?? SessionResult.Fail(SupportError.Conflict("The session is not offered to this agent."));
        }

        var now = time.GetUtcNow();
        if (session.OfferExpiresAt is { } expires && now > expires)
        {
            return SessionResult.Fail(SupportError.Conflict("The offer has expired."));
        }

        var claim = await Agent(session.Tenant, request.AgentId).TryClaimAsync(session.SessionId);
        if (!claim.Claimed)
        {
            record = record with { Session = ClearOffer(session) with { Status = SessionStatus.Queued } };
            await CommitAsync(record, "offer_withdrawn");
            SupportMetrics.Offers.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.OfferOutcomes.Refused).Inc();
            return SessionResult.Fail(SupportError.Conflict($"The agent cannot take the session ({claim.Reason})."));
        }

        record = record.RememberRequest(request.RequestId) with
        {
            Session = ClearOffer(session) with { Status = SessionStatus.Assigned, AgentId = request.AgentId, AssignedAt = now, TargetAgentId = null, FirstResponseAt = null },
        };
        if (session.QueuedAt is { } queuedAt)
        {
            SupportMetrics.QueueWait.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.Outcomes.Assigned).Observe((now - queuedAt).TotalSeconds);
        }

        SupportMetrics.Offers.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.OfferOutcomes.Accepted).Inc();

        await RegisterReminderAsync(FirstResponseReminder, null, _options.SlaFor(session.Tenant, SkillOf(session)).FirstResponse, Once);
        return await CommitAsync(record, TimelineEvents.Assigned, NewItem.Event(TimelineEvents.Assigned, new Participant(Roles.Agent, request.AgentId, null)));
    }

    public async Task<SessionResult> TransferAsync(TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status != SessionStatus.Assigned)
        {
            return record.Replayed(request.RequestId) ?? Refuse(session, "transferred");
        }

        if (request.ByRole != Roles.Supervisor && request.ByUserId != session.AgentId)
        {
            return SessionResult.Fail(SupportError.Forbidden("Only the assigned agent or a supervisor can transfer the session."));
        }

        if (string.IsNullOrWhiteSpace(request.ToAgentId) == string.IsNullOrWhiteSpace(request.ToSkill))
        {
            return SessionResult.Fail(SupportError.Invalid("Give exactly one of toAgentId and toSkill."));
        }

        if (request.ToAgentId == session.AgentId)
        {
            return SessionResult.Fail(SupportError.Invalid("The session is already with that agent."));
        }

        await Agent(session.Tenant, session.AgentId!).ReleaseAsync(session.SessionId);
        await UnregisterQuietlyAsync(FirstResponseReminder);
        SupportMetrics.Sessions.WithLabels(session.Tenant, SkillOf(session), SupportMetrics.Outcomes.Transferred).Inc();
        var from = new Participant(request.ByRole, request.ByUserId, null);
        record = record.RememberRequest(request.RequestId) with
        {
            Session = session with
            {
                Status = SessionStatus.Queued,
                AgentId = null,
                AssignedAt = null,
                FirstResponseAt = null,
                Skill = request.ToSkill?.Trim() ?? session.Skill,
                TargetAgentId = string.IsNullOrWhiteSpace(request.ToAgentId) ? null : request.ToAgentId,
                QueuedAt = time.GetUtcNow(),
            },
        };
        return await CommitAsync(record, TimelineEvents.Transferred, NewItem.Event(TimelineEvents.Transferred, from, request.ToAgentId ?? request.ToSkill));
    }

    public async Task<SessionResult> ResolveAsync(ResolveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status is SessionStatus.None or SessionStatus.Resolved)
        {
            return record.Replayed(request.RequestId) ?? Refuse(session, "resolved");
        }

        var allowed = request.ByRole switch
        {
            Roles.Supervisor => true,
            Roles.Visitor => request.ByUserId == session.VisitorId,
            Roles.Agent => session.Status == SessionStatus.Assigned && request.ByUserId == session.AgentId,
            _ => false,
        };
        if (!allowed)
        {
            return SessionResult.Fail(SupportError.Forbidden("Only the visitor, the assigned agent or a supervisor can resolve the session."));
        }

        if (session.AgentId is { } agentId)
        {
            await Agent(session.Tenant, agentId).ReleaseAsync(session.SessionId);
        }

        var now = time.GetUtcNow();
        var skill = SkillOf(session);
        var outcome = session.Status == SessionStatus.Assigned ? SupportMetrics.Outcomes.Resolved : SupportMetrics.Outcomes.Abandoned;
        SupportMetrics.Sessions.WithLabels(session.Tenant, skill, outcome).Inc();
        if (outcome == SupportMetrics.Outcomes.Abandoned && session.QueuedAt is { } queuedAt)
        {
            SupportMetrics.QueueWait.WithLabels(session.Tenant, skill, outcome).Observe((now - queuedAt).TotalSeconds);
        }

        if (outcome == SupportMetrics.Outcomes.Resolved && session.CreatedAt is { } created)
        {
            SupportMetrics.Resolution.WithLabels(session.Tenant, skill).Observe((now - created).TotalSeconds);
        }

        await UnregisterQuietlyAsync(FirstResponseReminder);
        await UnregisterQuietlyAsync(ResolutionReminder);
        record = record.RememberRequest(request.RequestId) with { Session = ClearOffer(session) with { Status = SessionStatus.Resolved, ResolvedAt = now, TargetAgentId = null } };
        return await CommitAsync(record, TimelineEvents.Resolved, NewItem.Event(TimelineEvents.Resolved, new Participant(request.ByRole, request.ByUserId, null), outcome));
    }

    public async Task<SessionResult> ReopenAsync(ReopenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status != SessionStatus.Resolved)
        {
            return record.Replayed(request.RequestId) ?? Refuse(session, "reopened");
        }

        if (request.ByRole == Roles.Visitor && request.ByUserId != session.VisitorId)
        {
            return SessionResult.Fail(SupportError.Forbidden("Only the session's visitor can reopen it."));
        }

        var now = time.GetUtcNow();
        if (session.ResolvedAt is { } resolved && now - resolved > _options.ReopenWindowFor(session.Tenant, SkillOf(session)))
        {
            return SessionResult.Fail(SupportError.Conflict("The reopen window has passed."));
        }

        record = record.RememberRequest(request.RequestId) with { Session = session with { Status = SessionStatus.Queued, AgentId = null, ResolvedAt = null, AssignedAt = null, FirstResponseAt = null, QueuedAt = now } };
        await RegisterReminderAsync(ResolutionReminder, null, _options.SlaFor(session.Tenant, SkillOf(session)).Resolution, Once);
        return await CommitAsync(record, TimelineEvents.Reopened, NewItem.Event(TimelineEvents.Reopened, new Participant(request.ByRole, request.ByUserId, null)));
    }

    public async Task<AppendResult> AppendTextAsync(AppendTextRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (!string.IsNullOrEmpty(request.ClientMsgId) && record.ClientMessages.TryGetValue(request.ClientMsgId, out var seen))
        {
            return new AppendResult(seen, true, null);
        }

        var error = session.Status switch
        {
            SessionStatus.None => SupportError.NotFound("No such session."),
            SessionStatus.Resolved => SupportError.Conflict("The session is resolved."),
            _ when string.IsNullOrEmpty(request.Text) => SupportError.Invalid("text is required."),
            _ => request.FromRole switch
            {
                Roles.Visitor when request.FromId != session.VisitorId => SupportError.Forbidden("Not this session's visitor."),
                Roles.Agent when request.FromId != session.AgentId || session.Status != SessionStatus.Assigned => SupportError.Forbidden("Not this session's agent."),
                Roles.Visitor or Roles.Agent or Roles.Supervisor => null,
                _ => SupportError.Forbidden("Unknown role."),
            },
        };
        if (error is not null)
        {
            return new AppendResult(0, false, error);
        }

        var now = time.GetUtcNow();
        if (request.FromRole == Roles.Agent && !record.AgentReplied && session.CreatedAt is { } created)
        {
            // First response as the visitor feels it: from their first message (the start's text) to the first reply.
            SupportMetrics.FirstResponse.WithLabels(session.Tenant, SkillOf(session)).Observe((now - created).TotalSeconds);
            record = record with { AgentReplied = true };
        }

        if (request.FromRole == Roles.Agent && session.FirstResponseAt is null && session.AssignedAt is not null)
        {
            record = record with { Session = session with { FirstResponseAt = now } };
            await UnregisterQuietlyAsync(FirstResponseReminder);
        }

        record = await AppendAsync(record, new NewItem(TimelineItemKind.Text, null, new Participant(request.FromRole, request.FromId, request.FromName), request.Text, request.ClientMsgId));
        return new AppendResult(record.Session.LastSeq, false, null);
    }

    /// <summary>
    /// Moves the caller's read mark forward (clamped to the last seq). Marks never go back: an older or equal seq
    /// changes, saves and publishes nothing. A mark is not a timeline item, so it takes no seq.
    /// </summary>
    public async Task<SessionResult> MarkReadAsync(MarkReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await LoadAsync();
        var session = record.Session;
        if (session.Status == SessionStatus.None)
        {
            return SessionResult.Fail(SupportError.NotFound("No such session."));
        }

        var participant = request.Role switch
        {
            Roles.Visitor when request.UserId == session.VisitorId => new Participant(Roles.Visitor, request.UserId, request.Name ?? session.VisitorName),
            Roles.Agent when request.UserId == session.AgentId => new Participant(Roles.Agent, request.UserId, request.Name),
            _ => null,
        };
        if (participant is null)
        {
            return SessionResult.Fail(SupportError.Forbidden("Only the session's visitor and its assigned agent have read marks."));
        }

        var marks = session.ReadMarks ?? [];
        var previous = marks.FirstOrDefault(m => m.By.Role == participant.Role && m.By.Id == participant.Id);
        var seq = Math.Min(request.Seq, session.LastSeq);
        if (seq <= (previous?.Seq ?? 0))
        {
            return SessionResult.Ok(session);
        }

        var mark = new ReadMark(participant with { Name = participant.Name ?? previous?.By.Name }, seq, time.GetUtcNow());
        record = await SaveAsync(record with { Session = session with { ReadMarks = [.. marks.Where(m => m != previous), mark] } });
        await PublishQuietlyAsync(Topics.SessionRead, new SessionRead(session.Tenant, session.SessionId, mark), session.SessionId);
        return SessionResult.Ok(record.Session);
    }

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        var record = await LoadAsync();
        var session = record.Session;
        var skill = SkillOf(session);
        var sla = _options.SlaFor(session.Tenant, skill);
        var (breached, threshold) = reminderName switch
        {
            FirstResponseReminder => (session.Status == SessionStatus.Assigned && session.FirstResponseAt is null ? SlaBreach.FirstResponse : null, sla.FirstResponse),
            ResolutionReminder => (session.Status is not (SessionStatus.Resolved or SessionStatus.None) ? SlaBreach.Resolution : null, sla.Resolution),
            _ => (null, TimeSpan.Zero),
        };
        await UnregisterQuietlyAsync(reminderName);
        if (breached is null)
        {
            return;
        }

        await AppendAsync(record, NewItem.Event(TimelineEvents.SlaBreached, System, breached));
        SupportMetrics.SlaBreaches.WithLabels(session.Tenant, skill, breached).Inc();
        await dapr.PublishEventAsync(Components.PubSub, Topics.SlaBreached,
            new SlaBreach(session.Tenant, session.SessionId, skill, breached, threshold, time.GetUtcNow()),
            new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = session.SessionId });
    }

    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    private string SkillOf(SessionSnapshot session) => session.Skill ?? _options.DefaultSkill;

    private static SessionSnapshot ClearOffer(SessionSnapshot session) =>
        session with { OfferedTo = null, OfferId = null, OfferExpiresAt = null };

    private static SessionResult Refuse(SessionSnapshot session, string transition) => session.Status == SessionStatus.None
        ? SessionResult.Fail(SupportError.NotFound("No such session."))
        : SessionResult.Fail(SupportError.Conflict($"A {session.Status.ToString().ToLowerInvariant()} session cannot be {transition}."));

    private IAgentActor Agent(string tenant, string agentId) =>
        actors.CreateActorProxy<IAgentActor>(ActorIds.Agent(tenant, agentId), ActorTypes.Agent);

    /// <summary>
    /// Numbers the items, writes them to the history store in one commit (durable before anyone hears of them),
    /// saves the actor state once and publishes them.
    /// </summary>
    private async Task<SessionRecord> AppendAsync(SessionRecord record, params NewItem[] newItems)
    {
        var session = record.Session;
        using var turn = AppendSpans.StartTurn(session.Tenant, session.SessionId, newItems.Length);
        var now = time.GetUtcNow();
        var items = newItems.Select((n, i) => new TimelineItem(session.Tenant, session.SessionId, session.LastSeq + 1 + i, n.Kind, n.EventName, n.From, n.Text, now, n.ClientMsgId)).ToList();
        if (items.Count > 0)
        {
            using (AppendSpans.Step(SupportMetrics.AppendSteps.History))
            {
                await history.StoreAllAsync(items, CancellationToken.None);
            }

            record = record with { Session = session with { LastSeq = items[^1].Seq } };
            foreach (var item in items.Where(i => !string.IsNullOrEmpty(i.ClientMsgId)))
            {
                record = record.Remember(item.ClientMsgId!, item.Seq);
            }
        }

        // The seqs are taken only once the actor state says so: a crash before this point reuses them for items
        // nobody was told about, never for ones already delivered.
        using (AppendSpans.Step(SupportMetrics.AppendSteps.State))
        {
            record = await SaveAsync(record);
        }

        using (AppendSpans.Step(SupportMetrics.AppendSteps.Publish))
        {
            foreach (var item in items)
            {
                await PublishQuietlyAsync(Topics.Timeline, item, session.SessionId);
            }
        }

        return record;
    }

    /// <summary>A status change: its timeline items and the new status in one history commit and one state save.</summary>
    private async Task<SessionResult> CommitAsync(SessionRecord record, string change, params NewItem[] items)
    {
        record = await AppendAsync(record, items);
        await PublishQuietlyAsync(Topics.SessionLifecycle, new SessionChanged(record.Session, change, time.GetUtcNow()), record.Session.SessionId);
        return SessionResult.Ok(record.Session);
    }

    /// <summary>A timeline item before it has a seq.</summary>
    private readonly record struct NewItem(TimelineItemKind Kind, string? EventName, Participant From, string? Text, string? ClientMsgId)
    {
        public static NewItem Event(string name, Participant from, string? text = null) => new(TimelineItemKind.Event, name, from, text, null);
    }

    /// <summary>
    /// Pub/sub is the live path only: the history store already holds every item and readers catch up from it
    /// (hello.resume / timeline reads), so a failed publish loses nothing.
    /// </summary>
    private async Task PublishQuietlyAsync<T>(string topic, T data, string sessionId)
    {
        try
        {
            await dapr.PublishEventAsync(Components.PubSub, topic, data, new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = sessionId });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not publish {Topic} for session {Session}", topic, sessionId);
        }
    }

    private async Task<SessionRecord> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<SessionRecord>(StateKey);
        if (stored.HasValue)
        {
            return stored.Value;
        }

        var (tenant, sessionId) = ActorIds.Parse(Id);
        return new SessionRecord(new SessionSnapshot(tenant, sessionId, SessionStatus.None, null, null, null, 0), new Dictionary<string, long>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Saves a change with the session's next <see cref="SessionSnapshot.Version"/> (every save is a change, with or
    /// without timeline items, so readers can order snapshots by it); returns the record as saved.
    /// </summary>
    private async Task<SessionRecord> SaveAsync(SessionRecord record)
    {
        record = record with { Session = record.Session with { Version = record.Session.Version + 1 } };
        await StateManager.SetStateAsync(StateKey, record);
        await StateManager.SaveStateAsync();
        return record;
    }

    private async Task UnregisterQuietlyAsync(string reminder)
    {
        try
        {
            await UnregisterReminderAsync(reminder);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Reminder {Reminder} of {Session} was not registered", reminder, Id);
        }
    }
}
