using Dapr.Actors.Runtime;
using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// The SLA actor's state as <see cref="SlaLayout"/> stores it: loaded once per activation, and saved by writing only
/// the buckets and chat shards a flush changed (and the meta when the set of buckets changed) in one actor state
/// transaction. A ledger stored as one key by an earlier release is read, and removed by the first save.
/// </summary>
internal sealed class SlaStore(IActorStateManager stateManager)
{
    private SlaLedger? _ledger;

    /// <summary>What the store holds, as last loaded or saved; null whenever <see cref="_ledger"/> is.</summary>
    private SlaLayout? _stored;

    public async Task<SlaLedger> LoadAsync()
    {
        if (_ledger is not null && _stored is not null)
        {
            return _ledger;
        }

        // The split keys are read even beside a legacy ledger: each must be known to be rewritten or removed.
        var legacy = await stateManager.TryGetStateAsync<SlaLedger>(SlaLayout.LegacyKey);
        var meta = await stateManager.TryGetStateAsync<long[]>(SlaLayout.MetaKey);
        var buckets = new Dictionary<long, IReadOnlyList<SlaSample>>();
        foreach (var bucket in meta.HasValue ? meta.Value : [])
        {
            var samples = await stateManager.TryGetStateAsync<List<SlaSample>>(SlaLayout.BucketKey(bucket));
            if (samples.HasValue)
            {
                buckets[bucket] = samples.Value;
            }
        }

        var chats = new IReadOnlyDictionary<string, LiveChat>[SlaLayout.ChatShards];
        for (var shard = 0; shard < chats.Length; shard++)
        {
            var stored = await stateManager.TryGetStateAsync<Dictionary<string, LiveChat>>(SlaLayout.ChatsKey(shard));
            chats[shard] = stored.HasValue
                ? new Dictionary<string, LiveChat>(stored.Value, StringComparer.Ordinal)
                : new Dictionary<string, LiveChat>(StringComparer.Ordinal);
        }

        _stored = new SlaLayout(buckets, chats, legacy.HasValue);
        _ledger = legacy.HasValue ? legacy.Value : _stored.ToLedger();
        return _ledger;
    }

    public async Task SaveAsync(SlaLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var stored = _stored ?? throw new InvalidOperationException("The SLA ledger saves only state it loaded.");
        var next = SlaLayout.Split(ledger);
        try
        {
            foreach (var step in next.StepsSince(stored))
            {
                foreach (var operation in step)
                {
                    await StageAsync(next, operation);
                }

                await stateManager.SaveStateAsync();
            }

            (_ledger, _stored) = (ledger, next);
        }
        catch
        {
            // The state manager drops the turn's changes: read what is stored again rather than trust the cache.
            (_ledger, _stored) = (null, null);
            throw;
        }
    }

    private async Task StageAsync(SlaLayout next, SlaOperation operation)
    {
        if (operation.IsRemove)
        {
            await stateManager.TryRemoveStateAsync(operation.Key);
            return;
        }

        var key = operation.Key;
        if (operation.Buckets is { } buckets)
        {
            await stateManager.SetStateAsync(key, buckets);
            return;
        }

        var bucket = next.Buckets.FirstOrDefault(b => SlaLayout.BucketKey(b.Key) == key);
        if (bucket.Value is not null)
        {
            await stateManager.SetStateAsync(key, bucket.Value);
            return;
        }

        var shard = Enumerable.Range(0, SlaLayout.ChatShards).First(s => SlaLayout.ChatsKey(s) == key);
        await stateManager.SetStateAsync(key, next.Chats[shard]);
    }
}
