using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// <c>state.etcd</c> on a real etcd through its v3 JSON gateway, as components-contrib's etcd store does it
/// (state/etcd/etcd.go): keys are <c>{keyPrefixPath}/{key}</c>, the ETag is the key's mod_revision, TTL
/// (<c>ttlInSeconds</c>) is an etcd lease, and values are encoded by <see cref="EtcdValueCodec"/> (v1 raw, v2 envelope).
/// Concurrency is contrib's, weaknesses included:
/// <list type="bullet">
/// <item>ETag and first-write are checked by a separate read before the write (<c>doValidateEtag</c>); a mismatch
/// there fails the call (and the whole transaction);</item>
/// <item>a write with an ETag is then a txn <c>If(mod_revision == etag).Then(write)</c> whose <c>Succeeded</c> is
/// ignored: when the key changed between the read and the commit, the call reports success without writing;</item>
/// <item>a transaction is one unconditional txn of nested per-operation txns, so a compare that fails at commit time
/// skips only its own operation while the others commit.</item>
/// </list>
/// Because first-write without an ETag is a read then a write (racy), the first such write logs a warning once per
/// store so code relying on it is spotted.
/// </summary>
internal sealed class EtcdStateStore(
    string name, bool isActorStateStore, EtcdClient client, string keyPrefixPath, EtcdValueCodec codec, int maxTxnOps, TimeProvider time, ILogger logger)
    : IStateStore
{
    private int _firstWriteWarned;

    public string Name { get; } = name;

    public bool IsActorStateStore { get; } = isActorStateStore;

    /// <summary>contrib's <c>MultiMaxSize()</c>: the component's <c>maxTxnOps</c> (default 128, etcd's --max-txn-ops).</summary>
    public int MultiMaxSize { get; } = maxTxnOps;

    /// <summary>Test hook: runs after the pre-read checks and before the commit, i.e. inside contrib's race window.</summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; init; }

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

    public async Task SetAsync(StateSetRequest request, CancellationToken cancellationToken)
    {
        var op = new StateUpsert(request);
        await ValidateETagAsync(op, cancellationToken);
        await CommitAsync([await GuardedAsync(op, single: true, cancellationToken)], cancellationToken);
    }

    public async Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken)
    {
        var op = new StateDelete(request);
        await ValidateETagAsync(op, cancellationToken);
        await CommitAsync([await GuardedAsync(op, single: true, cancellationToken)], cancellationToken);
    }

    public async Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        if (operations.Count == 0)
        {
            return;
        }

        // As contrib's Multi: each operation is checked (pre-read) and staged in order, then all are committed as nested
        // txns inside one unconditional txn whose outcome is not looked at. etcd itself refuses a txn that writes one
        // key twice ("duplicate key given in txn request").
        var writes = new List<EtcdOp>(operations.Count);
        foreach (var op in operations)
        {
            await ValidateETagAsync(op, cancellationToken);
            writes.Add(await GuardedAsync(op, single: false, cancellationToken));
        }

        await CommitAsync(writes, cancellationToken);
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
                "(daprd's state.etcd reads, then writes; so does the emulator)",
                Name);
        }
    }

    private string EtcdKey(string key) => keyPrefixPath + "/" + key;

    /// <summary>One unconditional txn of the (nested, possibly guarded) writes; as contrib, whether a guard held is not looked at.</summary>
    private async Task CommitAsync(IReadOnlyList<EtcdOp> writes, CancellationToken cancellationToken)
    {
        if (BeforeCommit is { } hook)
        {
            await hook(cancellationToken);
        }

        _ = await client.TxnAsync([], writes, cancellationToken);
    }

    /// <summary>contrib's <c>doValidateEtag</c>: a read of the key, then the ETag or first-write rule against it.</summary>
    private async Task ValidateETagAsync(StateOperation op, CancellationToken cancellationToken)
    {
        var (etag, concurrency) = StateETagCheck.Of(op);
        var key = EtcdKey(op.Key);
        if (string.IsNullOrEmpty(etag))
        {
            if (concurrency != StateConcurrency.FirstWrite)
            {
                return;
            }

            if (op is StateUpsert)
            {
                WarnFirstWriteOnce();
            }

            if (await client.GetAsync(key, cancellationToken) is not null)
            {
                throw new StateETagMismatchException(op.Key, "item already exists and no etag was passed");
            }

            return;
        }

        var current = await client.GetAsync(key, cancellationToken)
            ?? throw new StateETagMismatchException(op.Key, $"state not exist or expired for key={key}");
        var currentETag = current.ModRevision.ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(currentETag, etag, StringComparison.Ordinal))
        {
            throw new StateETagMismatchException(op.Key, $"state etag not match for key={key}: current={currentETag}, expect={etag}");
        }
    }

    /// <summary>
    /// The operation as one txn: guarded by <c>mod_revision == etag</c> when it has an ETag, else unconditional. As in
    /// contrib, a single Set/Delete compares whenever an ETag was given at all (<c>etag != nil</c>), so an empty one
    /// compares against revision 0 ("absent") and silently skips the write of an existing key; Multi compares only for
    /// a non-empty ETag (<c>HasETag()</c>). A non-numeric ETag parses as 0, as Go's ignored ParseInt error leaves it.
    /// </summary>
    private async Task<EtcdOp> GuardedAsync(StateOperation op, bool single, CancellationToken cancellationToken)
    {
        var key = EtcdKey(op.Key);
        EtcdOp write = op switch
        {
            StateUpsert { Request: var r } => new EtcdOp.Put(key, codec.Encode(r.Value, time.GetUtcNow(), r.Ttl), await LeaseForAsync(r.Ttl, cancellationToken)),
            _ => new EtcdOp.Delete(key),
        };
        var (etag, _) = StateETagCheck.Of(op);
        var unguarded = single ? etag is null : string.IsNullOrEmpty(etag);
        EtcdCompare[] compares = unguarded
            ? []
            : [new EtcdCompare.ModRevisionEquals(key, long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0)];
        return new EtcdOp.Txn(key, compares, [write]);
    }

    private async Task<long> LeaseForAsync(TimeSpan? ttl, CancellationToken cancellationToken) =>
        ttl is { } t && t > TimeSpan.Zero ? await client.GrantLeaseAsync((long)Math.Ceiling(t.TotalSeconds), cancellationToken) : 0;
}
