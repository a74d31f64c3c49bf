using Dapr.Actors.Client;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Hours;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// The session operations that span actors, run outside any actor turn: the session actor changes the session, then
/// the router updates its queue and its view of the agents, and the <see cref="OfferDispatcher"/> turns what became
/// possible into offers. Operations that touch one actor only (timeline, read marks, heartbeats, reads) go from the
/// API to that actor directly.
/// </summary>
public sealed class SessionFlows(
    IActorProxyFactory actors,
    OfferDispatcher dispatcher,
    QueuePositionPublisher positions,
    TenantHours hours,
    TimeProvider time)
{
    public async Task<SessionResult> CreateAsync(string tenant, CreateSessionRequest request)
    {
        var session = actors.Session(tenant, SessionIds.ForStart(tenant, request.VisitorId, request.ClientMsgId));
        // Outside business hours the start is an offline ticket; housekeeping queues it when the hours open.
        var created = hours.IsOpenNow(tenant)
            ? await session.CreateAsync(request)
            : await session.CreateOfflineAsync(new OfflineStart(request, hours.OfflineMessage(tenant)));
        return await EnqueueIfQueuedAsync(tenant, created);
    }

    /// <summary>
    /// The session; a queued one with its position in its skill queue (one router call, only for those).
    /// </summary>
    public async Task<SessionResult> GetAsync(string tenant, string sessionId)
    {
        var result = await GetStoredAsync(tenant, sessionId);
        return result.Session is { Status: SessionStatus.Queued } session
            ? SessionResult.Ok(session with { Position = await actors.Router(tenant).GetPositionAsync(sessionId) })
            : result;
    }

    /// <summary>The session as its actor holds it (no position, no router call).</summary>
    public async Task<SessionResult> GetStoredAsync(string tenant, string sessionId)
    {
        var session = await actors.Session(tenant, sessionId).GetAsync();
        return session.Status == SessionStatus.None
            ? SessionResult.Fail(SupportError.NotFound("No such session."))
            : SessionResult.Ok(session);
    }

    public async Task<SessionResult> AcceptAsync(
        string tenant, string sessionId, string agentId, string? requestId = null)
    {
        var result = await actors.Session(tenant, sessionId).AcceptAsync(new AcceptRequest(agentId, requestId));
        if (result.Session is { Status: SessionStatus.Assigned })
        {
            // Agent view and forgetting the offer in one router turn: no pass sees the session counted twice (as
            // load and as a pending offer) or not at all. The claim's snapshot is that view (a replayed accept has
            // none: the agent is asked).
            await dispatcher.SettleAsync(tenant, sessionId, agentId, result.Agent);
            return result;
        }

        var session = await actors.Session(tenant, sessionId).GetAsync();
        if (session.Status == SessionStatus.Queued)
        {
            // The claim failed (agent full or gone): the session waits again and goes to the next agent.
            await actors.Router(tenant).EnqueueAsync(EntryFor(session));
            await dispatcher.RefreshAgentAsync(tenant, agentId);
            dispatcher.Schedule(tenant);
        }
        else if (session.Status == SessionStatus.Offered && !session.IsOfferedTo(agentId))
        {
            // A claimant of a manual claim offer who could not take it: the others keep their offers.
            await actors.Router(tenant).DeclineAsync(sessionId, agentId);
            await dispatcher.RefreshAgentAsync(tenant, agentId);
        }

        return result;
    }

    /// <summary>
    /// The agent declines its offer: the session actor ends the agent's part, the router sends the session to another
    /// eligible agent (never back to this one while another can take it).
    /// </summary>
    public async Task<SessionResult> DeclineAsync(string tenant, string sessionId, string agentId)
    {
        var result = await actors.Session(tenant, sessionId).DeclineAsync(new DeclineRequest(agentId));
        if (result.Error is null)
        {
            await actors.Router(tenant).DeclineAsync(sessionId, agentId);
            dispatcher.Schedule(tenant);
        }

        return result;
    }

    public async Task<SessionResult> TransferAsync(string tenant, string sessionId, TransferRequest request)
    {
        var result = await actors.Session(tenant, sessionId).TransferAsync(request);
        if (result.Session is { Status: SessionStatus.Queued } session)
        {
            // A replayed transfer has no Before: the queued session is what a read before it would have found.
            var before = result.Before ?? session;
            var entry = EntryFor(session) with { ExcludedAgents = before.AgentId is { } a ? [a] : [] };
            var position = await actors.Router(tenant).EnqueueAsync(entry);
            if (before.AgentId is { } previous)
            {
                await dispatcher.RefreshAgentAsync(tenant, previous, result.Agent);
            }

            dispatcher.Schedule(tenant);
            return SessionResult.Ok(session with { Position = position });
        }

        return result;
    }

    public async Task<SessionResult> ResolveAsync(string tenant, string sessionId, ResolveRequest request)
    {
        var result = await actors.Session(tenant, sessionId).ResolveAsync(request);
        if (result.Session is { Status: SessionStatus.Resolved } resolved)
        {
            // A replayed resolve has no Before: the resolved session still names its agent, as a read before it would.
            var before = result.Before ?? resolved;
            await dispatcher.SettleAsync(tenant, sessionId, before.AgentId, result.Agent);

            // An assigned agent's slot, or the slot a pending offer held (an abandoned offered session), is free now.
            if (before.AgentId is not null || before.OfferedTo is not null)
            {
                dispatcher.Schedule(tenant);
            }
            else if (before.Status == SessionStatus.Queued)
            {
                // An abandoned waiting session: everyone behind it moved up.
                _ = positions.PublishAsync(tenant);
            }
        }

        return result;
    }

    public async Task<SessionResult> ReopenAsync(string tenant, string sessionId, ReopenRequest request) =>
        await EnqueueIfQueuedAsync(tenant, await actors.Session(tenant, sessionId).ReopenAsync(request));

    public async Task<AgentSnapshot> SetPresenceAsync(string tenant, string agentId, PresenceUpdate update)
    {
        var agent = await actors.Agent(tenant, agentId).SetPresenceAsync(update);
        await dispatcher.UpdateAgentAsync(agent);
        dispatcher.Schedule(tenant);
        return agent;
    }

    /// <summary>
    /// The sessions currently offered to an agent (as their session actors hold them), for an agent who (re)connects.
    /// </summary>
    public async Task<IReadOnlyList<SessionSnapshot>> GetOffersAsync(string tenant, string agentId)
    {
        var offers = await actors.Router(tenant).GetOffersForAsync(agentId);
        var sessions = await Task.WhenAll(offers.Select(o => actors.Session(tenant, o.SessionId).GetAsync()));
        return [.. sessions.Where(s => s.IsOfferedTo(agentId))];
    }

    /// <summary>
    /// A session that (re)entered its queue: the next dispatch pass's router turn takes it together with every other
    /// session pending then and plans offers in the same turn; the answer has its position.
    /// </summary>
    public async Task<SessionResult> EnqueueIfQueuedAsync(string tenant, SessionResult result)
    {
        if (result.Session is not { Status: SessionStatus.Queued } session)
        {
            return result;
        }

        var position = await dispatcher.EnqueueAsync(tenant, EntryFor(session));
        return SessionResult.Ok(session with { Position = position });
    }

    private QueueEntry EntryFor(SessionSnapshot session) => QueueEntryOf(session, time.GetUtcNow());

    /// <summary>The router's queue entry for a queued session.</summary>
    internal static QueueEntry QueueEntryOf(SessionSnapshot session, DateTimeOffset now) =>
        new(session.SessionId, session.Skill!, session.Priority, session.QueuedAt ?? now, session.TargetAgentId, []);
}
