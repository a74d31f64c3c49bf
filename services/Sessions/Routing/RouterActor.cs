using Dapr.Actors.Runtime;
using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Metrics;
using DaprSupport.Sessions.Options;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// One tenant's queues and routing view. Every decision happens in one of its turns, so a session is never offered
/// twice and offers never exceed an agent's free capacity (pending offers count as load). It calls no actor; when
/// time alone must change something (an offer lapses, a session reaches its overflow wait, an offline agent's grace
/// runs out) a reminder publishes a wake-up on <see cref="Topics.RoutingWakeUp"/> and the <c>OfferDispatcher</c> runs
/// a dispatch pass. Skill group parameters come from <see cref="IRoutingPolicies"/> at each decision (the tenant's
/// configuration as this replica's cache holds it), so a new configuration version applies at the next one.
/// </summary>
[Actor(TypeName = ActorTypes.Router)]
public sealed class RouterActor(
    ActorHost host,
    IOptions<RoutingOptions> options,
    IRoutingPolicies policies,
    DaprClient dapr,
    TimeProvider time,
    ILogger<RouterActor> logger)
    : Actor(host), IRouterActor, IRemindable
{
    private const string WakeUpReminder = "wake-up";
    private const string WakeAtKey = "wake-at";
    private RouterStore? _store;
    private PublishedPositions? _published;

    private string Tenant => ActorIds.Parse(Id).Tenant;

    private RouterStore Store => _store ??= new RouterStore(StateManager);

    private PublishedPositions Published => _published ??= new PublishedPositions();

    public async Task<int> EnqueueAsync(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var state = Enqueue(await Store.LoadAsync(), entry);
        await SaveAsync(state);
        return SkillQueues.PositionOf(state, policies, Tenant, entry.SessionId) ?? 0;
    }

    public async Task<DispatchTurn> DispatchAsync(DispatchTurnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await Store.LoadAsync();
        foreach (var entry in request.Enqueue)
        {
            state = Enqueue(state, entry);
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in request.Enqueue)
        {
            positions[entry.SessionId] = SkillQueues.PositionOf(state, policies, Tenant, entry.SessionId) ?? 0;
        }

        var now = time.GetUtcNow();
        var offers = new RoutingPlan(state, policies, Tenant, now).MakeOffers();
        foreach (var offer in offers)
        {
            state.Offers[offer.SessionId] = offer;
        }

        await SaveAsync(state);
        var cap = Math.Max(0, options.Value.MaxPublishedPositions);
        var changes = Published.TakeChanges(Tenant, SkillQueues.InOrder(state, policies, Tenant, cap), now);
        return new DispatchTurn(positions, offers, changes);
    }

    public async Task RemoveAsync(string sessionId)
    {
        var state = await Store.LoadAsync();
        if (state.Waiting.Remove(sessionId) | state.Offers.Remove(sessionId))
        {
            await SaveAsync(state);
        }
    }

    public async Task<IReadOnlyList<PlannedOffer>> UpsertAgentAsync(AgentSnapshot agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var state = await Store.LoadAsync();
        if (Upsert(state, agent) is not { } withdrawn)
        {
            return [];
        }

        await SaveAsync(state);
        return withdrawn;
    }

    public async Task<IReadOnlyList<PlannedOffer>> SettleAsync(SettleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await Store.LoadAsync();
        var withdrawn = request.Agent is { } agent ? Upsert(state, agent) : null;
        var removed = state.Waiting.Remove(request.SessionId) | state.Offers.Remove(request.SessionId);
        if (withdrawn is not null || removed)
        {
            await SaveAsync(state);
        }

        return withdrawn ?? [];
    }

    /// <summary>
    /// Takes this view of the agent unless this version or a newer one is held (null then: a repeated upsert writes
    /// nothing); the offers it withdrew (an agent who is not online keeps none).
    /// </summary>
    private List<PlannedOffer>? Upsert(RouterState state, AgentSnapshot agent)
    {
        if (state.Agents.TryGetValue(agent.AgentId, out var known) && known.Version >= agent.Version)
        {
            return null;
        }

        state.Agents[agent.AgentId] = agent;
        var withdrawn = agent.Presence == AgentPresence.Online
            ? []
            : OfferBook.TakeFrom(state, agent.AgentId);
        foreach (var offer in withdrawn)
        {
            Published.Invalidate(offer.Skill);
        }

        return withdrawn;
    }

    public async Task<IReadOnlyList<PlannedOffer>> PlanOffersAsync()
    {
        var state = await Store.LoadAsync();
        var offers = new RoutingPlan(state, policies, Tenant, time.GetUtcNow()).MakeOffers();
        foreach (var offer in offers)
        {
            state.Offers[offer.SessionId] = offer;
        }

        await SaveAsync(state);
        return offers;
    }

    public async Task OfferFailedAsync(string sessionId, string offerId)
    {
        var state = await Store.LoadAsync();
        if (state.Offers.TryGetValue(sessionId, out var offer) && offer.OfferId == offerId)
        {
            state.Offers.Remove(sessionId);
            foreach (var agentId in offer.OfferedAgents())
            {
                OfferBook.Exclude(state, sessionId, agentId, until: null);
            }

            await SaveAsync(state);
            Published.Invalidate(offer.Skill);
        }
    }

    public async Task DeclineAsync(string sessionId, string agentId)
    {
        var state = await Store.LoadAsync();
        if (state.Offers.TryGetValue(sessionId, out var offer) && offer.IsFor(agentId))
        {
            var now = time.GetUtcNow();
            OfferBook.EndFor(state, offer, agentId);
            OfferBook.Exclude(state, sessionId, agentId, now + policies.PolicyFor(Tenant, offer.Skill).OfferTimeout);
            await SaveAsync(state);
            Published.Invalidate(offer.Skill);
        }
    }

    public async Task<IReadOnlyList<PlannedOffer>> ExpireOffersAsync()
    {
        var state = await Store.LoadAsync();
        var now = time.GetUtcNow();
        var expired = state.Offers.Values.Where(o => o.ExpiresAt <= now).ToList();
        foreach (var offer in expired)
        {
            state.Offers.Remove(offer.SessionId);
            foreach (var agentId in offer.OfferedAgents())
            {
                OfferBook.Exclude(state, offer.SessionId, agentId, until: null);
            }
        }

        await SaveAsync(state);
        foreach (var offer in expired)
        {
            Published.Invalidate(offer.Skill);
        }

        return expired;
    }

    public async Task<IReadOnlyList<Unattended>> TakeUnattendedAsync() =>
        UnattendedPlan.Due(await Store.LoadAsync(), policies, Tenant, time.GetUtcNow());

    public async Task<IReadOnlyList<PlannedOffer>> GetOffersForAsync(string agentId)
    {
        var state = await Store.LoadAsync();
        return [.. state.Offers.Values.Where(o => o.IsFor(agentId))];
    }

    public async Task<QueueSnapshot> GetSnapshotAsync()
    {
        var state = await Store.LoadAsync();
        var now = time.GetUtcNow();
        var waiting = SkillQueues.Ordered(state, policies, Tenant)
            .SelectMany(q => q.Sessions.Select((w, i) => new QueuedSession(
                w.Entry.SessionId,
                w.Entry.Skill,
                w.Entry.Priority,
                i + 1,
                QueueScore.At(
                    w.Entry.Priority,
                    policies.PolicyFor(Tenant, w.Entry.Skill).PriorityWeight,
                    w.Entry.EnqueuedAt,
                    now),
                w.Entry.EnqueuedAt)))
            .ToList();
        return new QueueSnapshot(
            Tenant, waiting, [.. state.Offers.Values],
            [.. state.Agents.Values.OrderBy(a => a.AgentId, StringComparer.Ordinal)]);
    }

    public async Task<int?> GetPositionAsync(string sessionId) =>
        SkillQueues.PositionOf(await Store.LoadAsync(), policies, Tenant, sessionId);

    public async Task<IReadOnlyList<QueuePositions>> TakePositionChangesAsync()
    {
        var state = await Store.LoadAsync();
        var cap = Math.Max(0, options.Value.MaxPublishedPositions);
        return Published.TakeChanges(Tenant, SkillQueues.InOrder(state, policies, Tenant, cap), time.GetUtcNow());
    }

    public Task RepublishAsync(string[] skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        foreach (var skill in skills)
        {
            Published.Invalidate(skill);
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName != WakeUpReminder)
        {
            return;
        }

        var current = await Store.LoadAsync();
        await StateManager.SetStateAsync(WakeAtKey, DateTimeOffset.MinValue);
        await dapr.PublishEventAsync(Components.PubSub, Topics.RoutingWakeUp, new RoutingWakeUp(Tenant),
            new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = Tenant });
        await ScheduleWakeUpAsync(current);
    }

    /// <summary>
    /// The session waits in its queue (again), keeping its place if it already waited; its offer is gone.
    /// </summary>
    private RouterState Enqueue(RouterState state, QueueEntry entry)
    {
        state.Offers.Remove(entry.SessionId);
        var sequence = state.Waiting.TryGetValue(entry.SessionId, out var existing)
            ? existing.Sequence
            : state.NextSequence + 1;
        state.Waiting[entry.SessionId] = new WaitingSession(entry, sequence);
        Published.Invalidate(entry.Skill);
        return state with { NextSequence = Math.Max(state.NextSequence, sequence) };
    }

    private async Task SaveAsync(RouterState state)
    {
        await Store.SaveAsync(state);
        RouterGauges.Publish(Tenant, state, policies);
        await ScheduleWakeUpAsync(state);
    }

    /// <summary>
    /// One reminder at the next moment time alone changes routing: an offer lapses, a session may overflow or be
    /// offered to an agent who declined it, an offline agent's grace runs out.
    /// </summary>
    private async Task ScheduleWakeUpAsync(RouterState state)
    {
        var now = time.GetUtcNow();
        var next = WakeUpPlan.Next(state, policies, Tenant, now);
        var scheduled = await StateManager.TryGetStateAsync<DateTimeOffset>(WakeAtKey);
        if (next is null || (scheduled.HasValue && scheduled.Value > now && scheduled.Value <= next.Value))
        {
            return;
        }

        var due = next.Value - now;
        await RegisterReminderAsync(
            WakeUpReminder, null, due < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : due,
            Timeout.InfiniteTimeSpan);
        await StateManager.SetStateAsync(WakeAtKey, next.Value);
        await StateManager.SaveStateAsync();
        logger.LogDebug("Router {Tenant} wakes up at {At}", Tenant, next);
    }

    protected override Task OnDeactivateAsync()
    {
        RouterGauges.Remove(Tenant);
        return Task.CompletedTask;
    }
}
