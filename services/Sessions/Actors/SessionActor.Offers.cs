using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Metrics;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The session actor's offers (made, declined, ended) and unattended sessions: requeued when their agent went offline
/// or did not answer the visitor in time (<see cref="OfferRules"/>).
/// </summary>
public sealed partial class SessionActor
{
    private const string ReplyReminder = "reply-overdue";

    /// <summary>
    /// The agent takes the offered session: the agent actor claims it (capacity is checked there), then the session
    /// is committed as assigned. A turn that fails after the claim gives the claim back, or the agent would carry a
    /// session it does not have for good (a phantom load no retry clears: the offer is gone by then).
    /// </summary>
    public async Task<SessionResult> AcceptAsync(AcceptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var now = time.GetUtcNow();
        var transition = SessionRules.Accept(session, request, now);
        if (Settled(record, transition, request.RequestId) is { } answer)
        {
            return answer;
        }

        var agent = actors.Agent(session.Tenant, request.AgentId);
        var claim = await agent.TryClaimAsync(session.SessionId);
        if (!claim.Claimed)
        {
            // Only this agent's part ends: other claimants of a manual claim offer keep theirs.
            var (refused, ended) = OfferRules.EndOffer(session, null, request.AgentId);
            await appender.CommitAsync(
                Store, record with { Session = refused.Next! }, SessionChanges.OfferWithdrawn,
                Ended(ended, OfferEndReasons.Withdrawn));
            SessionMetrics.Offer(session, SkillOf(session), SupportMetrics.OfferOutcomes.Refused);
            return SessionResult.Fail(SupportError.Conflict($"The agent cannot take the session ({claim.Reason})."));
        }

        SessionResult assigned;
        try
        {
            record = SlaClockRules.Started(
                record.RememberRequest(request.RequestId) with { Session = transition.Next! }, SlaBreach.FirstResponse);
            await RegisterReminderAsync(
                FirstResponseReminder, null, policies.SlaFor(session.Tenant, SkillOf(session)).FirstResponse, Once);
            assigned = await appender.CommitAsync(
                Store, record, TimelineEvents.Assigned,
                Ended(OfferRules.Losers(session, request.AgentId), OfferEndReasons.Taken),
                NewItem.Event(TimelineEvents.Assigned, new Participant(Roles.Agent, request.AgentId, null)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ReleaseClaimQuietlyAsync(agent, session.SessionId, ex);
            throw;
        }

        SessionMetrics.Accepted(session, SkillOf(session), now);
        await slaFeed.AssignedAsync(session, SkillOf(session), request.AgentId, now);
        return assigned.Session is null ? assigned : assigned with { Agent = claim.Agent };
    }

    public async Task<SessionResult> OfferAsync(OfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var transition = SessionRules.Offer(session, request);
        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        SessionMetrics.Offer(session, SkillOf(session), SupportMetrics.OfferOutcomes.Offered);
        return await appender.CommitAsync(Store, record with { Session = transition.Next! }, TimelineEvents.Offered,
            NewItem.Event(TimelineEvents.Offered, new Participant(Roles.Agent, request.AgentId, null)));
    }

    public async Task<SessionResult> WithdrawOfferAsync(WithdrawOfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var (transition, ended) = OfferRules.EndOffer(session, request.OfferId, request.OnlyAgentId);
        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        SessionMetrics.Offer(session, SkillOf(session), SupportMetrics.OfferOutcomes.Lapsed);
        return await appender.CommitAsync(
            Store, record with { Session = transition.Next! }, SessionChanges.OfferWithdrawn,
            Ended(ended, request.Reason ?? OfferEndReasons.Withdrawn));
    }

    public async Task<SessionResult> DeclineAsync(DeclineRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var (transition, ended) = OfferRules.EndOffer(session, null, request.AgentId);
        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        SessionMetrics.Offer(session, SkillOf(session), SupportMetrics.OfferOutcomes.Refused);
        return await appender.CommitAsync(
            Store, record with { Session = transition.Next! }, SessionChanges.OfferWithdrawn,
            Ended(ended, OfferEndReasons.Declined));
    }

    public async Task<SessionResult> RequeueAsync(RequeueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        var now = time.GetUtcNow();
        var transition = OfferRules.Requeue(session, request, now);
        if (request.Reason == RequeueReasons.NoReply && !ReplyOverdue(record, now))
        {
            transition = Transition.Refused(
                Contracts.Errors.SupportError.Conflict("The agent has answered the visitor."));
        }

        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        await actors.Agent(session.Tenant, request.AgentId).ReleaseAsync(session.SessionId);
        await UnregisterQuietlyAsync(FirstResponseReminder);
        await UnregisterQuietlyAsync(ReplyReminder);
        SessionMetrics.Transferred(session, SkillOf(session));
        record = record with { Session = transition.Next!, UnansweredSince = null };
        return await appender.CommitAsync(
            Store, record, SessionChanges.Requeued,
            NewItem.Event(TimelineEvents.Requeued, System, request.Reason));
    }

    private static IReadOnlyList<EndedOffer> Ended(IEnumerable<string> agents, string reason) =>
        [.. agents.Select(a => new EndedOffer(a, reason))];

    private bool ReplyOverdue(SessionRecord record, DateTimeOffset now) =>
        record.UnansweredSince is { } since
        && policies.PolicyFor(record.Session.Tenant, SkillOf(record.Session)).ReassignAfter is { } after
        && now - since >= after - TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A visitor's text to an assigned session of a group with <c>reassignAfterSeconds</c> (re)starts the reply clock
    /// from this latest message; the assigned agent's text stops it (the record's part: <see cref="TextRules"/>).
    /// </summary>
    private async Task AwaitReplyAsync(SessionRecord record, string fromRole)
    {
        var session = record.Session;
        if (fromRole == Roles.Agent && record.UnansweredSince is not null)
        {
            await UnregisterQuietlyAsync(ReplyReminder);
        }
        else if (fromRole == Roles.Visitor && session.Status == SessionStatus.Assigned
            && policies.PolicyFor(session.Tenant, SkillOf(session)).ReassignAfter is { } after)
        {
            await RegisterReminderAsync(ReplyReminder, null, after, Once);
        }
    }

    /// <summary>Whether the session's group reassigns chats whose visitor waits too long for a reply.</summary>
    private bool AwaitsReplies(SessionSnapshot session) =>
        policies.PolicyFor(session.Tenant, SkillOf(session)).ReassignAfter is not null;

    /// <summary>
    /// The reply clock ran out: the sessions app is asked (a routing wake-up naming the session) to take the session
    /// from its agent, which this actor checks again in that turn (<see cref="RequeueAsync"/>).
    /// </summary>
    private async Task OnReplyOverdueAsync()
    {
        var record = await Store.LoadAsync();
        if (record.Session is { Status: SessionStatus.Assigned, AgentId: { } agentId } session
            && ReplyOverdue(record, time.GetUtcNow()))
        {
            await appender.PublishWakeUpAsync(new Contracts.Routing.RoutingWakeUp(
                session.Tenant, new Contracts.Routing.Unattended(session.SessionId, agentId, RequeueReasons.NoReply)));
        }
    }

    /// <summary>Gives back the claim of an accept that failed; if that fails too, it is logged as an error.</summary>
    private async Task ReleaseClaimQuietlyAsync(IAgentActor agent, string sessionId, Exception cause)
    {
        try
        {
            await agent.ReleaseAsync(sessionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Accept of {Session} failed ({Cause}) and its claim could not be given back",
                sessionId, cause.Message);
        }
    }
}
