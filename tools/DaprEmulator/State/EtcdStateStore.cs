using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// <c>state.etcd</c> on a real etcd through its v3 JSON gateway. As components-contrib's etcd store: keys are
/// <c>{keyPrefixPath}/{key}</c>, the ETag is the key's mod_revision, TTL (<c>ttlInSeconds</c>) is an etcd lease, and
/// v2 values carry the protobuf envelope (<see cref="EtcdValueCodec"/>).
/// Deliberate differences, for correctness: contrib checks ETags and first-write with a read before writing and
/// ignores a failed txn compare; here every check is a compare in the same etcd txn as the writes (mod_revision
/// equal to the ETag; mod_revision 0, i.e. absent, for first-write), and a failed compare is an ETag mismatch.
/// A transaction is one etcd txn whose compares guard all its writes, so it applies all or nothing.
/// Because production daprd's first-write without an ETag is a read then a write (racy), the first such write logs a
/// warning once per store so code relying on it is spotted before it meets real daprd.
/// </summary>
internal sealed class EtcdStateStore(
    string name, bool isActorStateStore, EtcdClient client, string keyPrefixPath, EtcdValueCodec codec, TimeProvider time, ILogger logger)
    : IStateStore
{
    private int _firstWriteWarned;

    public string Name { get; } = name;

    public bool IsActorStateStore { get; } = isActorStateStore;

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var kv = await client.GetAsync(EtcdKey(key), cancellationToken);
        if (kv is null)
        {
            return null;
        }

        var (data, expires) = codec.Decode(kv.Value);
        return new StateEntry(key, data, kv.ModRevision.ToString(CultureInfo.InvariantCulture), expires);
    }

    public Task SetAsync(StateSetRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateUpsert(request)], cancellationToken);

    public Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateDelete(request)], cancellationToken);

    public async Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var compares = new List<EtcdCompare>();
        foreach (var op in operations)
        {
            var (etag, concurrency) = StateETagCheck.Of(op);
            if (!string.IsNullOrEmpty(etag))
            {
                // An ETag that is not a revision can never match.
                if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision <= 0)
                {
                    throw new StateETagMismatchException(op.Key);
                }

                compares.Add(new EtcdCompare.ModRevisionEquals(EtcdKey(op.Key), revision));
            }
            else if (concurrency == StateConcurrency.FirstWrite)
            {
                if (op is StateUpsert)
                {
                    WarnFirstWriteOnce();
                }

                compares.Add(new EtcdCompare.ModRevisionEquals(EtcdKey(op.Key), 0));
            }
        }

        // etcd refuses a txn that writes one key twice; the last write of a key is the one that counts.
        var now = time.GetUtcNow();
        var writes = new List<EtcdOp>();
        foreach (var op in operations.Reverse().DistinctBy(o => o.Key, StringComparer.Ordinal).Reverse())
        {
            writes.Add(op switch
            {
                StateUpsert { Request: var r } => new EtcdOp.Put(EtcdKey(r.Key), codec.Encode(r.Value, now, r.Ttl), await LeaseForAsync(r.Ttl, cancellationToken)),
                _ => new EtcdOp.Delete(EtcdKey(op.Key)),
            });
        }

        if (!await client.TxnAsync(compares, writes, cancellationToken))
        {
            throw new StateETagMismatchException(await FirstFailingKeyAsync(compares, operations, cancellationToken));
        }
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }

    private void WarnFirstWriteOnce()
    {
        if (Interlocked.Exchange(ref _firstWriteWarned, 1) == 0)
        {
            logger.LogWarning(
                "State store {Store}: first-write without an ETag is not atomic in production daprd's state.etcd; use an ETag " +
                "(the emulator checks and writes in one etcd txn, daprd reads then writes)",
                Name);
        }
    }

    private string EtcdKey(string key) => keyPrefixPath + "/" + key;

    private async Task<long> LeaseForAsync(TimeSpan? ttl, CancellationToken cancellationToken) =>
        ttl is { } t && t > TimeSpan.Zero ? await client.GrantLeaseAsync((long)Math.Ceiling(t.TotalSeconds), cancellationToken) : 0;

    /// <summary>For the error message only: the first operation whose compare no longer holds.</summary>
    private async Task<string> FirstFailingKeyAsync(List<EtcdCompare> compares, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        foreach (var compare in compares.OfType<EtcdCompare.ModRevisionEquals>())
        {
            var kv = await client.GetAsync(compare.Key, cancellationToken);
            if ((kv?.ModRevision ?? 0) != compare.Revision)
            {
                return compare.Key[(keyPrefixPath.Length + 1)..];
            }
        }

        return operations[0].Key;
    }
}
