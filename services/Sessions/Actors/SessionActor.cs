using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.History;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Metrics;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;
using DaprSupport.Sessions.Sla;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// Owner of one session: the status machine (queued → offered → assigned → resolved, transfer, reopen) and the
/// timeline, whose items it numbers 1, 2, 3… and makes durable in the history store before anyone is told
/// (<see cref="TimelineAppender"/>). The rules are <see cref="SessionRules"/>; this class carries out their decisions.
/// It calls only the agent actor (claim/release), which calls nothing back.
/// </summary>
[Actor(TypeName = ActorTypes.Session)]
public sealed partial class SessionActor(
    ActorHost host,
    IOptions<RoutingOptions> options,
    IRoutingPolicies policies,
    TimelineAppender appender,
    TimelineHistory history,
    IActorProxyFactory actors,
    SlaFeed slaFeed,
    TimeProvider time,
    ILogger<SessionActor> logger) : Actor(host), ISessionActor, IRemindable
{
    private const string FirstResponseReminder = "sla-first-response";
    private const string ResolutionReminder = "sla-resolution";
    private static readonly Participant System = new(Roles.System, "router", null);
    private readonly RoutingOptions _options = options.Value;
    private SessionStore? _store;

    private SessionStore Store => _store ??= new SessionStore(StateManager, Id, history, AwaitsReplies);

    public async Task<SessionSnapshot> GetAsync() => (await Store.LoadAsync()).Session;

    public async Task<SessionResult> CreateAsync(CreateSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var skill = string.IsNullOrWhiteSpace(request.Skill) ? _options.DefaultSkill : request.Skill.Trim();
        var transition = SessionRules.Create(record.Session, request, skill, time.GetUtcNow());
        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        record = SlaClockRules.Started(record with { Session = transition.Next! }, SlaBreach.Resolution);
        var tenant = record.Session.Tenant;
        await RegisterReminderAsync(ResolutionReminder, null, policies.SlaFor(tenant, skill).Resolution, Once);
        var visitor = new Participant(Roles.Visitor, request.VisitorId, request.VisitorName);
        NewItem[] items = string.IsNullOrEmpty(request.Text)
            ? [NewItem.Event(TimelineEvents.Queued, System)]
            : [
                new NewItem(TimelineItemKind.Text, null, visitor, request.Text, request.ClientMsgId),
                NewItem.Event(TimelineEvents.Queued, System),
            ];
        var created = await appender.CommitAsync(Store, record, TimelineEvents.Queued, items);
        SessionMetrics.Created(record.Session, skill);
        return created;
    }

    public async Task<SessionResult> TransferAsync(TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var transition = SessionRules.Transfer(session, request, time.GetUtcNow());
        if (Settled(record, transition, request.RequestId) is { } answer)
        {
            return answer;
        }

        var released = await actors.Agent(session.Tenant, session.AgentId!).ReleaseAsync(session.SessionId);
        await UnregisterQuietlyAsync(FirstResponseReminder);
        SessionMetrics.Transferred(session, SkillOf(session));
        var from = new Participant(request.ByRole, request.ByUserId, null);
        record = record.RememberRequest(request.RequestId) with { Session = transition.Next! };
        var transferred = await appender.CommitAsync(
            Store, record, TimelineEvents.Transferred,
            NewItem.Event(TimelineEvents.Transferred, from, request.ToAgentId ?? request.ToSkill));
        await slaFeed.ReleasedAsync(session, SkillOf(session), time.GetUtcNow());
        return transferred.Session is null ? transferred : transferred with { Agent = released, Before = session };
    }

    public async Task<SessionResult> ResolveAsync(ResolveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var now = time.GetUtcNow();
        var transition = SessionRules.Resolve(session, request, now);
        if (Settled(record, transition, request.RequestId) is { } answer)
        {
            return answer;
        }

        var released = session.AgentId is { } agentId
            ? await actors.Agent(session.Tenant, agentId).ReleaseAsync(session.SessionId)
            : null;
        var answered = SessionRules.WasAnswered(session);
        var outcome = SessionMetrics.Ended(session, SkillOf(session), answered, now);

        await UnregisterQuietlyAsync(FirstResponseReminder);
        await UnregisterQuietlyAsync(ResolutionReminder);
        record = record.RememberRequest(request.RequestId) with { Session = transition.Next! };
        var resolved = await appender.CommitAsync(
            Store, record, TimelineEvents.Resolved, Ended(session.OfferedAgents(), OfferEndReasons.Withdrawn),
            NewItem.Event(TimelineEvents.Resolved, new Participant(request.ByRole, request.ByUserId, null), outcome));
        await slaFeed.EndedAsync(session, SkillOf(session), answered, now);
        return resolved.Session is null ? resolved : resolved with { Agent = released, Before = session };
    }

    public async Task<SessionResult> ReopenAsync(ReopenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var window = _options.ReopenWindowFor(session.Tenant, SkillOf(session));
        var transition = SessionRules.Reopen(session, request, time.GetUtcNow(), window);
        if (Settled(record, transition, request.RequestId) is { } answer)
        {
            return answer;
        }

        record = SlaClockRules.Started(
            record.RememberRequest(request.RequestId) with { Session = transition.Next! }, SlaBreach.Resolution);
        await RegisterReminderAsync(
            ResolutionReminder, null, policies.SlaFor(session.Tenant, SkillOf(session)).Resolution, Once);
        return await appender.CommitAsync(
            Store, record, TimelineEvents.Reopened,
            NewItem.Event(TimelineEvents.Reopened, new Participant(request.ByRole, request.ByUserId, null)));
    }

    /// <summary>A supervisor takes an assigned chat himself (<see cref="SessionRules.TakeOver"/>).</summary>
    public async Task<SessionResult> TakeOverAsync(TakeOverRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var now = time.GetUtcNow();
        var transition = SessionRules.TakeOver(session, request, now);
        if (Settled(record, transition, request.RequestId) is { } answer)
        {
            return answer;
        }

        await actors.Agent(session.Tenant, session.AgentId!).ReleaseAsync(session.SessionId);
        record = record.RememberRequest(request.RequestId) with { Session = transition.Next! };
        var by = new Participant(Roles.Supervisor, request.ByUserId, request.ByName);
        var taken = await appender.CommitAsync(
            Store, record, TimelineEvents.TakenOver, NewItem.Event(TimelineEvents.TakenOver, by, session.AgentId));
        await slaFeed.AssignedAsync(session with { QueuedAt = null }, SkillOf(session), request.ByUserId, now);
        return taken;
    }

    public async Task<AppendResult> AppendTextAsync(AppendTextRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        if (!string.IsNullOrEmpty(request.ClientMsgId)
            && record.ClientMessages.TryGetValue(request.ClientMsgId, out var seen))
        {
            return new AppendResult(seen, true, null);
        }

        var error = SessionRules.RefuseText(session, request);
        if (error is not null)
        {
            return new AppendResult(0, false, error);
        }

        var now = time.GetUtcNow();
        var answers = SessionRules.IsHolder(session, request.FromRole, request.FromId) && !request.Note;
        var firstReply = answers && !record.AgentReplied;
        if (firstReply)
        {
            SessionMetrics.FirstResponse(session, SkillOf(session), now);
        }

        if (answers && session.FirstResponseAt is null && session.AssignedAt is not null)
        {
            await UnregisterQuietlyAsync(FirstResponseReminder);
        }

        await AwaitReplyAsync(record, request.FromRole);
        var author = new Participant(request.FromRole, request.FromId, request.FromName);
        var kind = request.Note ? TimelineItemKind.Note : TimelineItemKind.Text;
        record = await appender.AppendTextAsync(
            Store, record, new NewItem(kind, null, author, request.Text, request.ClientMsgId), AwaitsReplies(session));
        if (firstReply)
        {
            await slaFeed.FirstResponseAsync(session, SkillOf(session), now);
        }

        return new AppendResult(record.Session.LastSeq, false, null);
    }

    /// <summary>
    /// Moves the caller's read mark forward (clamped to the last seq). Marks never go back: an older or equal seq
    /// changes, saves and publishes nothing. A mark is not a timeline item, so it takes no seq.
    /// </summary>
    public async Task<SessionResult> MarkReadAsync(MarkReadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var (refusal, mark) = SessionRules.MarkRead(session, request, time.GetUtcNow());
        if (refusal is not null)
        {
            return SessionResult.Fail(refusal);
        }

        if (mark is null)
        {
            return SessionResult.Ok(session);
        }

        // The receipt reaches the other side by its event; the record keeps it for a reader's next follow, saved only
        // when the stored mark is ReadMarkSaveSeconds old (a page sends a read for every item it shows).
        var marked = record with { Session = SessionRules.WithMark(session, mark) };
        record = SessionRules.MarkIsDue(Store.Stored.Session, mark, TimeSpan.FromSeconds(_options.ReadMarkSaveSeconds))
            ? await Store.SaveAsync(marked)
            : Store.KeepMark(marked);
        await appender.PublishQuietlyAsync(
            Topics.SessionRead, new SessionRead(session.Tenant, session.SessionId, mark), session.SessionId);
        return SessionResult.Ok(record.Session);
    }

    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    /// <summary>A failed turn may have changed the record in memory without making it durable.</summary>
    protected override Task OnActorMethodFailedAsync(ActorMethodContext actorMethodContext, Exception e)
    {
        _store?.Forget();
        return base.OnActorMethodFailedAsync(actorMethodContext, e);
    }

    private string SkillOf(SessionSnapshot session) => session.Skill ?? _options.DefaultSkill;

    /// <summary>
    /// The answer when a rule settles the request without a change: the session as it is (already satisfied, or a
    /// replay of a request this session applied), or the refusal; null when the change goes ahead.
    /// </summary>
    private static SessionResult? Settled(SessionRecord record, Transition transition, string? requestId) =>
        transition switch
        {
            { IsUnchanged: true } => SessionResult.Ok(transition.Next!),
            { Refusal: { } error } =>
                (transition.Replayable ? record.Replayed(requestId) : null) ?? SessionResult.Fail(error),
            _ => null,
        };

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
