using System.Collections.Concurrent;
using Dapr.Actors.Client;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// Turns waiting sessions and free agents into offers, outside any actor turn: the router plans the offers and each
/// session actor is told of its own. Runs after every change that may make an offer possible (an API operation, an
/// agent event, a router wake-up) and takes offers back from agents who can no longer hold them. Because it holds no
/// turn while it calls, actor calls never wait on each other in a cycle.
/// </summary>
public sealed class OfferDispatcher(
    IActorProxyFactory actors, QueuePositionPublisher positions, TimeProvider time, ILogger<OfferDispatcher> logger)
{
    private const int MaxDispatchRounds = 8;
    private readonly ConcurrentDictionary<string, TenantDispatch> _tenants = new(StringComparer.Ordinal);
    private readonly RouterAgentViews _given = new();
    private readonly ConcurrentDictionary<(string Tenant, string AgentId, long Version), Lazy<Task>> _giving = new();

    /// <summary>
    /// An agent changed (presence, capacity, load): offers to an agent who left are withdrawn, then dispatch — unless
    /// this replica gave the router this version already and a pass has started since, which saw it.
    /// </summary>
    public async Task OnAgentChangedAsync(AgentSnapshot agent)
    {
        if (_given.DispatchedSince(agent, For(agent.Tenant).PassesStarted))
        {
            return;
        }

        await UpdateAgentAsync(agent);
        await DispatchAsync(agent.Tenant);
    }

    /// <summary>Time passed: lapsed offers go back to their queues, overflow rules may now apply.</summary>
    public async Task OnWakeUpAsync(string tenant)
    {
        var expired = await actors.Router(tenant).ExpireOffersAsync();
        await WithdrawAsync(tenant, expired, OfferEndReasons.Expired);
        await DispatchAsync(tenant);
    }

    /// <summary>
    /// Gives the router the agent as the caller's session turn left it (<paramref name="fromTurn"/>: its claim or
    /// release), or else as the agent's actor says now, and withdraws offers it can no longer hold.
    /// </summary>
    public async Task RefreshAgentAsync(string tenant, string agentId, AgentSnapshot? fromTurn = null) =>
        await UpdateAgentAsync(fromTurn ?? await actors.Agent(tenant, agentId).GetSnapshotAsync());

    /// <summary>
    /// Gives the router this state of the agent and withdraws the offers it can no longer hold. A version this replica
    /// gave the router already is not given again: an accept changes the agent once, and both the agent's change event
    /// and the accept's own refresh bring that version here (every change the router reads moves the version). A
    /// caller that finds the same version being given joins that give, so neither answers before the withdrawals it
    /// stands for are done (the router hands the withdrawn offers to the first give only).
    /// </summary>
    public async Task UpdateAgentAsync(AgentSnapshot agent)
    {
        if (ToGive(agent) is not { } give)
        {
            return;
        }

        var key = (give.Tenant, give.AgentId, give.Version);
        var giving = _giving.GetOrAdd(key, _ => new Lazy<Task>(
            async () => await GivenAsync(give, await actors.Router(give.Tenant).UpsertAgentAsync(give))));
        try
        {
            await giving.Value;
        }
        finally
        {
            _giving.TryRemove(new KeyValuePair<(string, string, long), Lazy<Task>>(key, giving));
        }
    }

    /// <summary>
    /// A session left the queues (accepted, resolved): one router turn takes the agent's view as the session's turn
    /// left it (<paramref name="fromTurn"/>; a replayed turn brings none, and the agent is asked) and forgets the
    /// session, and the offers that view withdrew are taken back. A router hosted by a replica of the previous
    /// release knows no settle: it gets the two calls it knows.
    /// </summary>
    public async Task SettleAsync(string tenant, string sessionId, string? agentId, AgentSnapshot? fromTurn)
    {
        var agent = fromTurn ?? (agentId is null ? null : await actors.Agent(tenant, agentId).GetSnapshotAsync());
        var give = ToGive(agent);
        var router = actors.Router(tenant);
        IReadOnlyList<PlannedOffer> withdrawn;
        try
        {
            withdrawn = await router.SettleAsync(new SettleRequest(sessionId, give));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Settle of {SessionId} failed; giving the router the agent and the removal apart",
                sessionId);
            withdrawn = give is null ? [] : await router.UpsertAgentAsync(give);
            await router.RemoveAsync(sessionId);
        }

        if (give is not null)
        {
            await GivenAsync(give, withdrawn);
        }
    }

    /// <summary>
    /// The agent, if the router needs it: not a version this replica gave it already, and not version 0 — no agent by
    /// this id ever changed: the holder was a supervisor who took the chat over (he has no agent actor, and releasing
    /// him returns this), whom the router must not list as an (offline) agent.
    /// </summary>
    private AgentSnapshot? ToGive(AgentSnapshot? agent) =>
        agent is { Version: > 0 } && !_given.Holds(agent) ? agent : null;

    /// <summary>The router took this version of the agent and withdrew these offers: the sessions are told.</summary>
    private async Task GivenAsync(AgentSnapshot agent, IReadOnlyList<PlannedOffer> withdrawn)
    {
        var passes = For(agent.Tenant).PassesStarted;
        await WithdrawAsync(agent.Tenant, withdrawn, OfferEndReasons.Withdrawn);
        _given.Given(agent, passes);
    }

    /// <summary>
    /// A session to put in its queue. It waits for the next dispatch pass, whose one router turn enqueues every session
    /// pending by then and plans the offers; the returned position is where it entered its queue. The rest of that
    /// pass (telling sessions of their offers, publishing positions) goes on after the caller has its answer.
    /// </summary>
    public Task<int> EnqueueAsync(string tenant, QueueEntry entry)
    {
        var position = For(tenant).Pending.Add(entry);
        Schedule(tenant);
        return position;
    }

    /// <summary>
    /// Runs a dispatch pass without making the caller wait: an API call answers once its own change is recorded,
    /// and the offers it makes possible follow as events. A failed pass runs again after a jittered backoff
    /// (<see cref="DispatchBackoff"/>), one retry loop per tenant; after that the next change, agent event or router
    /// wake-up runs another.
    /// </summary>
    public void Schedule(string tenant)
    {
        var dispatch = For(tenant);
        _ = dispatch.Coalescer.RequestAsync().ContinueWith(
            t => RetryAfter(tenant, dispatch, t.Exception!),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Turns every possible match into an offer, until the router has nothing more to offer. Concurrent requests
    /// for one tenant share passes (<see cref="DispatchCoalescer"/>); the returned task completes after a pass that
    /// began after the call.
    /// </summary>
    public Task DispatchAsync(string tenant) => For(tenant).Coalescer.RequestAsync();

    private TenantDispatch For(string tenant) =>
        _tenants.GetOrAdd(tenant, t => new TenantDispatch(dispatch => RunDispatchAsync(t, dispatch)));

    private void RetryAfter(string tenant, TenantDispatch dispatch, Exception error)
    {
        if (dispatch.TryStartRetrying())
        {
            logger.LogWarning(error, "Dispatch for tenant {Tenant} failed; retrying with backoff", tenant);
            _ = RetryAsync(tenant, dispatch);
        }
    }

    private async Task RetryAsync(string tenant, TenantDispatch dispatch)
    {
        try
        {
            for (var attempt = 0; DispatchBackoff.Delay(attempt, Random.Shared.NextDouble()) is { } delay; attempt++)
            {
                await Task.Delay(delay, time);
                try
                {
                    await dispatch.Coalescer.RequestAsync();
                    if (!dispatch.TakeFailedMeanwhile())
                    {
                        logger.LogInformation("Dispatch for tenant {Tenant} recovered", tenant);
                        return;
                    }

                    attempt = -1;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Dispatch retry {Attempt} for tenant {Tenant} failed", attempt + 1, tenant);
                }
            }

            logger.LogError(
                "Dispatch for tenant {Tenant} still failed after {Retries} retries; the next change runs another",
                tenant, DispatchBackoff.MaxAttempts);
        }
        finally
        {
            dispatch.StopRetrying();
        }
    }

    /// <summary>
    /// One router turn enqueues the pending sessions, plans the offers and takes the changed queues; the sessions are
    /// told of their offers, then the queues are published. Another turn follows only when a session refused its
    /// offer (the router was corrected and may offer it elsewhere).
    /// </summary>
    private async Task RunDispatchAsync(string tenant, TenantDispatch dispatch)
    {
        dispatch.PassStarting();
        var pending = dispatch.Pending;
        var router = actors.Router(tenant);
        var taken = pending.TakeAll();
        DispatchTurn turn;
        try
        {
            turn = await router.DispatchAsync(new DispatchTurnRequest(PendingEnqueues.Entries(taken)));
        }
        catch (Exception e)
        {
            pending.Fail(taken, e);
            throw;
        }

        PendingEnqueues.Complete(taken, turn.Positions);
        for (var round = 1; ; round++)
        {
            // Each offer goes to a different session actor, so they can all be told at once.
            var told = await Task.WhenAll(turn.Offers.Select(offer => TellOfferAsync(tenant, router, offer)));
            await positions.PublishChangesAsync(tenant, turn.PositionChanges);
            if (told.All(t => t))
            {
                return;
            }

            if (round == MaxDispatchRounds)
            {
                logger.LogWarning("Dispatch for tenant {Tenant} stopped after {Rounds} rounds", tenant, round);
                return;
            }

            turn = await router.DispatchAsync(new DispatchTurnRequest([]));
        }
    }

    /// <summary>
    /// Tells the session about its offer; false (and the router corrected) when the session refused it.
    /// </summary>
    private async Task<bool> TellOfferAsync(string tenant, IRouterActor router, PlannedOffer offer)
    {
        var session = actors.Session(tenant, offer.SessionId);
        var result = await session.OfferAsync(
            new OfferRequest(offer.AgentId, offer.OfferId, offer.ExpiresAt, offer.Claimants));
        if (result.Error is null)
        {
            return true;
        }

        if ((await session.GetAsync()).Status is SessionStatus.Queued or SessionStatus.Offered)
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
            // A claim offer's part (one claimant) ends for that agent only; a whole offer for all it was made to.
            var only = offer.Claimants is { Count: 1 } ? offer.AgentId : null;
            await actors.Session(tenant, offer.SessionId)
                .WithdrawOfferAsync(new WithdrawOfferRequest(offer.OfferId, reason, only));
        }

        if (offers.Count > 0)
        {
            await positions.PublishAsync(tenant, [.. offers.Select(o => o.Skill).Distinct(StringComparer.Ordinal)]);
        }
    }
}
