using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// Runs each operation across the actors that own its parts, outside any actor turn: the session actor changes the
/// session, the router updates its queue, and a dispatch pass turns every possible match into an offer. Because the
/// coordinator holds no turn while it calls, actor calls never wait on each other in a cycle. When a queue moved (after
/// every dispatch pass, and when a waiting session leaves) it publishes the new queue positions.
/// </summary>
public sealed class RoutingCoordinator(IActorProxyFactory actors, DaprClient dapr, TimeProvider time, ILogger<RoutingCoordinator> logger)
{
    private const int MaxDispatchRounds = 8;
    private readonly ConcurrentDictionary<string, DispatchCoalescer> _dispatchers = new(StringComparer.Ordinal);

    /// <summary>A retried start (same tenant, visitor and client message id) lands on the same session.</summary>
    public static string NewSessionId(string tenant, string visitorId, string? clientMsgId)
    {
        if (string.IsNullOrEmpty(clientMsgId))
        {
            return "s-" + Guid.NewGuid().ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', tenant, visitorId, clientMsgId)));
        return "s-" + Convert.ToHexStringLower(hash)[..32];
    }

    public async Task<SessionResult> CreateAsync(string tenant, CreateSessionRequest request)
    {
        var sessionId = NewSessionId(tenant, request.VisitorId, request.ClientMsgId);
        var result = await Session(tenant, sessionId).CreateAsync(request);
        if (result.Session is { Status: SessionStatus.Queued } session)
        {
            var position = await Router(tenant).EnqueueAsync(EntryFor(session));
            ScheduleDispatch(tenant);
            return SessionResult.Ok(session with { Position = position });
        }

        return result;
    }

    /// <summary>The session; a queued one with its position in its skill queue (one router call, only for those).</summary>
    public async Task<SessionResult> GetAsync(string tenant, string sessionId)
    {
        var result = await GetStoredAsync(tenant, sessionId);
        return result.Session is { Status: SessionStatus.Queued } session
            ? SessionResult.Ok(session with { Position = await Router(tenant).GetPositionAsync(sessionId) })
            : result;
    }

    /// <summary>The session as its actor holds it (no position, no router call).</summary>
    public async Task<SessionResult> GetStoredAsync(string tenant, string sessionId)
    {
        var session = await Session(tenant, sessionId).GetAsync();
        return session.Status == SessionStatus.None ? SessionResult.Fail(SupportError.NotFound("No such session.")) : SessionResult.Ok(session);
    }

    public async Task<SessionResult> AcceptAsync(string tenant, string sessionId, string agentId, string? requestId = null)
    {
        var result = await Session(tenant, sessionId).AcceptAsync(new AcceptRequest(agentId, requestId));
        if (result.Session is { Status: SessionStatus.Assigned })
        {
            // Agent view first, then forget the offer: in between the router counts the session twice (as load and
            // as a pending offer), never zero times, so no pass can offer the agent past its capacity.
            await RefreshAgentAsync(tenant, agentId);
            await Router(tenant).RemoveAsync(sessionId);
            return result;
        }

        var session = await Session(tenant, sessionId).GetAsync();
        if (session.Status == SessionStatus.Queued)
        {
            // The claim failed (agent full or gone): the session waits again and goes to the next agent.
            await Router(tenant).EnqueueAsync(EntryFor(session));
            await RefreshAgentAsync(tenant, agentId);
            ScheduleDispatch(tenant);
        }

        return result;
    }

    public async Task<SessionResult> TransferAsync(string tenant, string sessionId, TransferRequest request)
    {
        var before = await Session(tenant, sessionId).GetAsync();
        var result = await Session(tenant, sessionId).TransferAsync(request);
        if (result.Session is { Status: SessionStatus.Queued } session)
        {
            var position = await Router(tenant).EnqueueAsync(EntryFor(session) with { ExcludedAgents = before.AgentId is { } a ? [a] : [] });
            if (before.AgentId is { } previous)
            {
                await RefreshAgentAsync(tenant, previous);
            }

            ScheduleDispatch(tenant);
            return SessionResult.Ok(session with { Position = position });
        }

        return result;
    }

    public async Task<SessionResult> ResolveAsync(string tenant, string sessionId, ResolveRequest request)
    {
        var before = await Session(tenant, sessionId).GetAsync();
        var result = await Session(tenant, sessionId).ResolveAsync(request);
        if (result.Session is { Status: SessionStatus.Resolved })
        {
            await Router(tenant).RemoveAsync(sessionId);
            if (before.AgentId is { } agentId)
            {
                await RefreshAgentAsync(tenant, agentId);
            }

            // An assigned agent's slot, or the slot a pending offer held (an abandoned offered session), is free now.
            if (before.AgentId is not null || before.OfferedTo is not null)
            {
                ScheduleDispatch(tenant);
            }
            else if (before.Status == SessionStatus.Queued)
            {
                // An abandoned waiting session: everyone behind it moved up.
                _ = PublishPositionsAsync(tenant);
            }
        }

        return result;
    }

    public async Task<SessionResult> ReopenAsync(string tenant, string sessionId, ReopenRequest request)
    {
        var result = await Session(tenant, sessionId).ReopenAsync(request);
        if (result.Session is { Status: SessionStatus.Queued } session)
        {
            var position = await Router(tenant).EnqueueAsync(EntryFor(session));
            ScheduleDispatch(tenant);
            return SessionResult.Ok(session with { Position = position });
        }

        return result;
    }

    public Task<AppendResult> AppendTextAsync(string tenant, string sessionId, AppendTextRequest request) =>
        Session(tenant, sessionId).AppendTextAsync(request);

    public Task<SessionResult> MarkReadAsync(string tenant, string sessionId, MarkReadRequest request) =>
        Session(tenant, sessionId).MarkReadAsync(request);

    public async Task<AgentSnapshot> SetPresenceAsync(string tenant, string agentId, PresenceUpdate update)
    {
        var agent = await Agent(tenant, agentId).SetPresenceAsync(update);
        var withdrawn = await Router(tenant).UpsertAgentAsync(agent);
        await WithdrawAsync(tenant, withdrawn, "agent_unavailable");
        ScheduleDispatch(tenant);
        return agent;
    }

    public Task<AgentSnapshot> HeartbeatAsync(string tenant, string agentId) => Agent(tenant, agentId).HeartbeatAsync();

    public Task<AgentSnapshot> GetAgentAsync(string tenant, string agentId) => Agent(tenant, agentId).GetSnapshotAsync();

    public Task<QueueSnapshot> GetQueuesAsync(string tenant) => Router(tenant).GetSnapshotAsync();

    /// <summary>The sessions currently offered to an agent (as their session actors hold them), for an agent who (re)connects.</summary>
    public async Task<IReadOnlyList<SessionSnapshot>> GetOffersAsync(string tenant, string agentId)
    {
        var offers = await Router(tenant).GetOffersForAsync(agentId);
        var sessions = await Task.WhenAll(offers.Select(o => Session(tenant, o.SessionId).GetAsync()));
        return [.. sessions.Where(s => s.Status == SessionStatus.Offered && s.OfferedTo == agentId)];
    }

    /// <summary>An agent changed (presence, capacity, load): offers to an agent who left are withdrawn, then dispatch.</summary>
    public async Task OnAgentChangedAsync(AgentSnapshot agent)
    {
        var withdrawn = await Router(agent.Tenant).UpsertAgentAsync(agent);
        await WithdrawAsync(agent.Tenant, withdrawn, "agent_unavailable");
        await DispatchAsync(agent.Tenant);
    }

    /// <summary>Time passed: lapsed offers go back to their queues, overflow rules may now apply.</summary>
    public async Task OnWakeUpAsync(string tenant)
    {
        var expired = await Router(tenant).ExpireOffersAsync();
        await WithdrawAsync(tenant, expired, "offer_timeout");
        await DispatchAsync(tenant);
    }

    /// <summary>
    /// Runs a dispatch pass without making the caller wait: an API call answers once its own change is recorded,
    /// and the offers it makes possible follow as events. A failed pass is logged; the next change, agent event or
    /// router wake-up runs another.
    /// </summary>
    private void ScheduleDispatch(string tenant) => _ = DispatchAsync(tenant).ContinueWith(
        t => logger.LogWarning(t.Exception, "Dispatch for tenant {Tenant} failed", tenant),
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted,
        TaskScheduler.Default);

    /// <summary>
    /// Turns every possible match into an offer, until the router has nothing more to offer. Concurrent requests
    /// for one tenant share passes (<see cref="DispatchCoalescer"/>); the returned task completes after a pass that
    /// began after the call.
    /// </summary>
    public Task DispatchAsync(string tenant) =>
        _dispatchers.GetOrAdd(tenant, t => new DispatchCoalescer(() => RunDispatchAsync(t))).RequestAsync();

    /// <summary>Offers until nothing more can be offered, then publishes the queue positions that changed.</summary>
    private async Task RunDispatchAsync(string tenant)
    {
        await OfferAllAsync(tenant);
        await PublishPositionsAsync(tenant);
    }

    private async Task OfferAllAsync(string tenant)
    {
        var router = Router(tenant);
        for (var round = 0; round < MaxDispatchRounds; round++)
        {
            var offers = await router.PlanOffersAsync();
            if (offers.Count == 0)
            {
                return;
            }

            // Each offer goes to a different session actor, so they can all be told at once.
            var refused = (await Task.WhenAll(offers.Select(offer => TellOfferAsync(tenant, router, offer)))).Count(told => !told);
            if (refused == 0)
            {
                return;
            }
        }

        logger.LogWarning("Dispatch for tenant {Tenant} stopped after {Rounds} rounds", tenant, MaxDispatchRounds);
    }

    /// <summary>
    /// Publishes every skill queue of the tenant whose order changed since the router last handed it out (one router
    /// call), and the queues of <paramref name="republish"/> whether they changed or not. Never throws: positions are a
    /// courtesy to waiting visitors and must not fail the operation; a lost update is corrected by the next change of
    /// that queue.
    /// </summary>
    private async Task PublishPositionsAsync(string tenant, string[]? republish = null)
    {
        try
        {
            if (republish is { Length: > 0 })
            {
                await Router(tenant).RepublishAsync(republish);
            }

            foreach (var positions in await Router(tenant).TakePositionChangesAsync())
            {
                await dapr.PublishEventAsync(Components.PubSub, Topics.QueuePositions, positions,
                    new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = tenant });
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing queue positions for tenant {Tenant} failed", tenant);
        }
    }

    /// <summary>Tells the session about its offer; false (and the router corrected) when the session refused it.</summary>
    private async Task<bool> TellOfferAsync(string tenant, IRouterActor router, PlannedOffer offer)
    {
        var result = await Session(tenant, offer.SessionId).OfferAsync(new OfferRequest(offer.AgentId, offer.OfferId, offer.ExpiresAt));
        if (result.Error is null)
        {
            return true;
        }

        var session = await Session(tenant, offer.SessionId).GetAsync();
        if (session.Status is SessionStatus.Queued or SessionStatus.Offered)
        {
            await router.OfferFailedAsync(offer.SessionId, offer.OfferId);
        }
        else
        {
            await router.RemoveAsync(offer.SessionId);
        }

        return false;
    }

    /// <summary>
    /// Tells the sessions their offers were withdrawn, then publishes their queues. The router took the offers back
    /// before the sessions were told, so a pass in between may have published positions older than the sessions' own
    /// change (which the gateway drops as stale): the queues are handed out again after it.
    /// </summary>
    private async Task WithdrawAsync(string tenant, IReadOnlyList<PlannedOffer> offers, string reason)
    {
        foreach (var offer in offers)
        {
            await Session(tenant, offer.SessionId).WithdrawOfferAsync(new WithdrawOfferRequest(offer.OfferId, reason));
        }

        if (offers.Count > 0)
        {
            await PublishPositionsAsync(tenant, [.. offers.Select(o => o.Skill).Distinct(StringComparer.Ordinal)]);
        }
    }

    private async Task RefreshAgentAsync(string tenant, string agentId)
    {
        var agent = await Agent(tenant, agentId).GetSnapshotAsync();
        var withdrawn = await Router(tenant).UpsertAgentAsync(agent);
        await WithdrawAsync(tenant, withdrawn, "agent_unavailable");
    }

    private QueueEntry EntryFor(SessionSnapshot session) =>
        new(session.SessionId, session.Skill!, session.Priority, session.QueuedAt ?? time.GetUtcNow(), session.TargetAgentId, []);

    private ISessionActor Session(string tenant, string sessionId) =>
        actors.CreateActorProxy<ISessionActor>(ActorIds.Session(tenant, sessionId), ActorTypes.Session);

    private IRouterActor Router(string tenant) =>
        actors.CreateActorProxy<IRouterActor>(ActorIds.Router(tenant), ActorTypes.Router);

    private IAgentActor Agent(string tenant, string agentId) =>
        actors.CreateActorProxy<IAgentActor>(ActorIds.Agent(tenant, agentId), ActorTypes.Agent);
}
