using Dapr.Actors.Runtime;
using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// The SLA actor's state as <see cref="SlaLayout"/> stores it: loaded once per activation, and saved by writing only
/// the buckets and chat shards a flush changed (and the meta when the set of buckets changed), in one actor state
/// transaction or, past daprd's limit, in the steps of <see cref="SlaLayout.StepsSince"/>. A ledger stored as one key
/// by an earlier release is read, and removed by the first save.
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
        var buckets = next.Buckets.ToDictionary(b => SlaLayout.BucketKey(b.Key), b => b.Value, StringComparer.Ordinal);
        var shards = Enumerable.Range(0, SlaLayout.ChatShards)
            .ToDictionary(SlaLayout.ChatsKey, s => next.Chats[s], StringComparer.Ordinal);
        try
        {
            foreach (var step in next.StepsSince(stored))
            {
                foreach (var operation in step)
                {
                    await StageAsync(operation, buckets, shards);
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

    private async Task StageAsync(
        SlaOperation operation,
        Dictionary<string, IReadOnlyList<SlaSample>> buckets,
        Dictionary<string, IReadOnlyDictionary<string, LiveChat>> shards)
    {
        if (operation.IsRemove)
        {
            await stateManager.TryRemoveStateAsync(operation.Key);
        }
        else if (operation.Buckets is { } meta)
        {
            await stateManager.SetStateAsync(operation.Key, meta);
        }
        else if (buckets.TryGetValue(operation.Key, out var samples))
        {
            await stateManager.SetStateAsync(operation.Key, samples);
        }
        else
        {
            await stateManager.SetStateAsync(operation.Key, shards[operation.Key]);
        }
    }
}
