using Dapr.Actors.Runtime;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The router's state as its actor state holds it (<see cref="RouterBuckets"/>): loaded once per activation, and saved
/// by writing only the buckets a turn changed, in one actor state transaction.
/// </summary>
internal sealed class RouterStore(IActorStateManager stateManager)
{
    private RouterState? _state;

    /// <summary>What the store holds, as last loaded or saved; null whenever <see cref="_state"/> is.</summary>
    private RouterBuckets? _stored;

    public async Task<RouterState> LoadAsync()
    {
        if (_state is not null && _stored is not null)
        {
            return _state;
        }

        // The state from before the split, if the router has not saved since; the buckets are read anyway (a bucket
        // stored beside it must be known to be rewritten or removed). No meta: no bucket was ever written.
        var legacy = await stateManager.TryGetStateAsync<RouterState>(BucketKey.LegacyName);
        var meta = await stateManager.TryGetStateAsync<RouterMeta>(BucketKey.Meta.Name);
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

    /// <summary>
    /// Writes the buckets the turn changed (and the meta when it changed, and removes emptied buckets and the legacy
    /// key) in one actor state transaction; a turn that changed nothing writes nothing.
    /// </summary>
    public async Task SaveAsync(RouterState state)
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

            await stateManager.SaveStateAsync();
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
    }

    private async Task<Dictionary<string, T>> ReadBucketAsync<T>(BucketKey key)
    {
        var bucket = await stateManager.TryGetStateAsync<Dictionary<string, T>>(key.Name);
        return bucket.HasValue ? bucket.Value : new Dictionary<string, T>(StringComparer.Ordinal);
    }

    private async Task StageAsync(RouterBuckets next, BucketKey key)
    {
        switch (key.Kind)
        {
            case BucketKind.Meta:
                await stateManager.SetStateAsync(key.Name, next.Meta);
                break;
            case BucketKind.Legacy:
                await stateManager.TryRemoveStateAsync(key.Name);
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
            await stateManager.SetStateAsync(key.Name, buckets[key.Index]);
        }
        else
        {
            await stateManager.TryRemoveStateAsync(key.Name);
        }
    }
}
