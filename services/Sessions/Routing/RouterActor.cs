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
/// time alone must change something (an offer lapses, a session reaches its overflow wait) a reminder publishes a
/// wake-up on <see cref="Topics.RoutingWakeUp"/> and the <c>OfferDispatcher</c> runs a dispatch pass.
/// </summary>
[Actor(TypeName = ActorTypes.Router)]
public sealed class RouterActor(
    ActorHost host, IOptions<RoutingOptions> options, DaprClient dapr, TimeProvider time, ILogger<RouterActor> logger)
    : Actor(host), IRouterActor, IRemindable
{
    private const string WakeUpReminder = "wake-up";
    private const string WakeAtKey = "wake-at";
    private readonly RoutingOptions _options = options.Value;
    private RouterState? _state;

    /// <summary>What the store holds, as last loaded or saved; null whenever <see cref="_state"/> is.</summary>
    private RouterBuckets? _stored;
    private PublishedPositions? _published;

    private string Tenant => ActorIds.Parse(Id).Tenant;

    private PublishedPositions Published => _published ??= new PublishedPositions();

    public async Task<int> EnqueueAsync(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var state = await LoadAsync();
        state.Offers.Remove(entry.SessionId);
        var sequence = state.Waiting.TryGetValue(entry.SessionId, out var existing)
            ? existing.Sequence
            : state.NextSequence + 1;
        state.Waiting[entry.SessionId] = new WaitingSession(entry, sequence);
        state = state with { NextSequence = Math.Max(state.NextSequence, sequence) };
        await SaveAsync(state);
        Published.Invalidate(entry.Skill);
        return SkillQueues.PositionOf(state, _options, Tenant, entry.SessionId) ?? 0;
    }

    public async Task RemoveAsync(string sessionId)
    {
        var state = await LoadAsync();
        if (state.Waiting.Remove(sessionId) | state.Offers.Remove(sessionId))
        {
            await SaveAsync(state);
        }
    }

    public async Task<IReadOnlyList<PlannedOffer>> UpsertAgentAsync(AgentSnapshot agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var state = await LoadAsync();
        if (state.Agents.TryGetValue(agent.AgentId, out var known) && known.Version > agent.Version)
        {
            return [];
        }

        state.Agents[agent.AgentId] = agent;
        var withdrawn = new List<PlannedOffer>();
        if (agent.Presence != AgentPresence.Online)
        {
            foreach (var offer in state.Offers.Values.Where(o => o.AgentId == agent.AgentId).ToList())
            {
                state.Offers.Remove(offer.SessionId);
                withdrawn.Add(offer);
            }
        }

        await SaveAsync(state);
        foreach (var offer in withdrawn)
        {
            Published.Invalidate(offer.Skill);
        }

        return withdrawn;
    }

    public async Task<IReadOnlyList<PlannedOffer>> PlanOffersAsync()
    {
        var state = await LoadAsync();
        var now = time.GetUtcNow();
        var plan = new RoutingPlan(state, _options, Tenant, now);
        var offers = plan.MakeOffers();
        foreach (var offer in offers)
        {
            state.Offers[offer.SessionId] = offer;
        }

        await SaveAsync(state);
        return offers;
    }

    public async Task OfferFailedAsync(string sessionId, string offerId)
    {
        var state = await LoadAsync();
        if (state.Offers.TryGetValue(sessionId, out var offer) && offer.OfferId == offerId)
        {
            state.Offers.Remove(sessionId);
            Exclude(state, offer);
            await SaveAsync(state);
            Published.Invalidate(offer.Skill);
        }
    }

    public async Task<IReadOnlyList<PlannedOffer>> ExpireOffersAsync()
    {
        var state = await LoadAsync();
        var now = time.GetUtcNow();
        var expired = state.Offers.Values.Where(o => o.ExpiresAt <= now).ToList();
        foreach (var offer in expired)
        {
            state.Offers.Remove(offer.SessionId);
            Exclude(state, offer);
        }

        await SaveAsync(state);
        foreach (var offer in expired)
        {
            Published.Invalidate(offer.Skill);
        }

        return expired;
    }

    public async Task<IReadOnlyList<PlannedOffer>> GetOffersForAsync(string agentId)
    {
        var state = await LoadAsync();
        return [.. state.Offers.Values.Where(o => o.AgentId == agentId)];
    }

    public async Task<QueueSnapshot> GetSnapshotAsync()
    {
        var state = await LoadAsync();
        var now = time.GetUtcNow();
        var waiting = SkillQueues.Ordered(state, _options, Tenant)
            .SelectMany(q => q.Sessions.Select((w, i) => new QueuedSession(
                w.Entry.SessionId,
                w.Entry.Skill,
                w.Entry.Priority,
                i + 1,
                QueueScore.At(
                    w.Entry.Priority,
                    _options.PolicyFor(Tenant, w.Entry.Skill).PriorityWeight,
                    w.Entry.EnqueuedAt,
                    now),
                w.Entry.EnqueuedAt)))
            .ToList();
        return new QueueSnapshot(
            Tenant, waiting, [.. state.Offers.Values],
            [.. state.Agents.Values.OrderBy(a => a.AgentId, StringComparer.Ordinal)]);
    }

    public async Task<int?> GetPositionAsync(string sessionId) =>
        SkillQueues.PositionOf(await LoadAsync(), _options, Tenant, sessionId);

    public async Task<IReadOnlyList<QueuePositions>> TakePositionChangesAsync()
    {
        var state = await LoadAsync();
        var cap = Math.Max(0, _options.MaxPublishedPositions);
        return Published.TakeChanges(Tenant, SkillQueues.InOrder(state, _options, Tenant, cap), time.GetUtcNow());
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

        _state = await LoadAsync();
        await StateManager.SetStateAsync(WakeAtKey, DateTimeOffset.MinValue);
        await dapr.PublishEventAsync(Components.PubSub, Topics.RoutingWakeUp, new RoutingWakeUp(Tenant),
            new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = Tenant });
        await ScheduleWakeUpAsync(_state);
    }

    /// <summary>
    /// A waiting session that was not taken must be able to go to the same agent again if nobody else can take it,
    /// so the exclusion only makes other eligible agents come first.
    /// </summary>
    private static void Exclude(RouterState state, PlannedOffer offer)
    {
        if (state.Waiting.TryGetValue(offer.SessionId, out var waiting)
            && !waiting.Entry.ExcludedAgents.Contains(offer.AgentId, StringComparer.Ordinal))
        {
            var excluded = waiting.Entry with { ExcludedAgents = [.. waiting.Entry.ExcludedAgents, offer.AgentId] };
            state.Waiting[offer.SessionId] = waiting with { Entry = excluded };
        }
    }

    private async Task<RouterState> LoadAsync()
    {
        if (_state is not null && _stored is not null)
        {
            return _state;
        }

        // The state from before the split, if the router has not saved since; the buckets are read anyway (a bucket
        // stored beside it must be known to be rewritten or removed). No meta: no bucket was ever written.
        var legacy = await StateManager.TryGetStateAsync<RouterState>(BucketKey.LegacyName);
        var meta = await StateManager.TryGetStateAsync<RouterMeta>(BucketKey.Meta.Name);
        var count = meta.HasValue ? Math.Max(0, meta.Value.BucketCount) : 0;
        var agents = new Dictionary<string, AgentSnapshot>[count];
        var waiting = new Dictionary<string, WaitingSession>[count];
        var offers = new Dictionary<string, PlannedOffer>[count];
        for (var i = 0; i < count; i++)
        {
            agents[i] = await ReadBucketAsync<AgentSnapshot>(new BucketKey(BucketKind.Agents, i));
            waiting[i] = await ReadBucketAsync<WaitingSession>(new BucketKey(BucketKind.Waiting, i));
            offers[i] = await ReadBucketAsync<PlannedOffer>(new BucketKey(BucketKind.Offers, i));
        }

        _stored = RouterBuckets.Stored(meta.HasValue ? meta.Value : null, agents, waiting, offers, legacy.HasValue);
        _state = legacy.HasValue ? legacy.Value : _stored.ToState();
        return _state;
    }

    private async Task<Dictionary<string, T>> ReadBucketAsync<T>(BucketKey key)
    {
        var bucket = await StateManager.TryGetStateAsync<Dictionary<string, T>>(key.Name);
        return bucket.HasValue ? bucket.Value : new Dictionary<string, T>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes the buckets the turn changed (and the meta when it changed, and removes emptied buckets and the legacy
    /// key) in one actor state transaction; a turn that changed nothing writes nothing.
    /// </summary>
    private async Task SaveAsync(RouterState state)
    {
        _state = state;
        try
        {
            var stored = _stored ?? throw new InvalidOperationException("The router saves only state it loaded.");
            var next = RouterBuckets.Split(state);
            foreach (var key in next.ChangedSince(stored))
            {
                await StageAsync(next, key);
            }

            await StateManager.SaveStateAsync();
            _stored = next;
        }
        catch
        {
            // The turn mutated the cached state in place; reload what is stored rather than keep what was not saved
            // (and forget what the store was thought to hold: the state manager drops its changes with the turn).
            _state = null;
            _stored = null;
            throw;
        }

        PublishGauges(state);
        await ScheduleWakeUpAsync(state);
    }

    private async Task StageAsync(RouterBuckets next, BucketKey key)
    {
        switch (key.Kind)
        {
            case BucketKind.Meta:
                await StateManager.SetStateAsync(key.Name, next.Meta);
                break;
            case BucketKind.Legacy:
                await StateManager.TryRemoveStateAsync(key.Name);
                break;
            case BucketKind.Agents:
                await StageBucketAsync(key, next.Agents);
                break;
            case BucketKind.Waiting:
                await StageBucketAsync(key, next.Waiting);
                break;
            case BucketKind.Offers:
                await StageBucketAsync(key, next.Offers);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, null);
        }
    }

    /// <summary>A bucket with entries is written; an emptied one (or one past the bucket count) is removed.</summary>
    private async Task StageBucketAsync<T>(BucketKey key, IReadOnlyList<Dictionary<string, T>> buckets)
    {
        if (key.Index < buckets.Count && buckets[key.Index].Count > 0)
        {
            await StateManager.SetStateAsync(key.Name, buckets[key.Index]);
        }
        else
        {
            await StateManager.TryRemoveStateAsync(key.Name);
        }
    }

    /// <summary>
    /// One reminder at the next moment time alone changes routing: an offer lapses or a session may overflow.
    /// </summary>
    private async Task ScheduleWakeUpAsync(RouterState state)
    {
        var now = time.GetUtcNow();
        var next = WakeUpPlan.Next(state, _options, Tenant, now);
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

    private void PublishGauges(RouterState state) => RouterGauges.Publish(Tenant, state, _options);

    protected override Task OnDeactivateAsync()
    {
        RouterGauges.Remove(Tenant);
        return Task.CompletedTask;
    }
}
