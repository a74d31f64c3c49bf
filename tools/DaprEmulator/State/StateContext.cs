using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Metrics;
using DaprSupport.DaprEmulator.Resiliency;
using Polly.Timeout;

namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// The state API behind both the HTTP and the gRPC front ends, for one request against one store: store lookup
/// with scopes, key prefixing, the component's outbound resiliency policy around each store call (as daprd runs every
/// state operation, bulk ones as a whole, through <c>ComponentOutboundPolicy(store, Statestore)</c>), and daprd's
/// mapping of store failures to API errors (<see cref="StateApiException"/>).
/// </summary>
internal sealed class StateContext
{
    private readonly ComponentSpec _spec;
    private readonly IStateStore _store;
    private readonly string _appId;
    private readonly ResiliencyPolicy _policy;
    private readonly SidecarMetrics _metrics;

    private StateContext(ComponentSpec spec, IStateStore store, string appId, ResiliencyPolicy policy, SidecarMetrics metrics)
    {
        _spec = spec;
        _store = store;
        _appId = appId;
        _policy = policy;
        _metrics = metrics;
    }

    public string StoreName => _spec.Name;

    /// <summary>
    /// The app's store by name. As in daprd, where stores outside an app's scopes are never loaded: when the app sees no
    /// state store at all the error is "not configured", otherwise an unknown or out-of-scope name is "not found".
    /// <paramref name="errorAppId"/> is the appID daprd puts in the error details (HTTP only).
    /// </summary>
    public static StateContext Resolve(EmulatorHost host, Sidecar sidecar, string storeName, string? errorAppId)
    {
        var appId = sidecar.AppId;
        if (host.Components.FindStateStore(storeName, appId) is { } store && host.Components.FindSpec(storeName, appId) is { } spec)
        {
            return new StateContext(spec, store, appId, host.Resiliency.ForComponent(storeName, outbound: true, appId), sidecar.Metrics);
        }

        var anyVisible = host.Components.VisibleTo(appId).Any(s => s.Type.StartsWith("state.", StringComparison.Ordinal));
        throw anyVisible ? StateApiException.NotFound(storeName, errorAppId) : StateApiException.NotConfigured(storeName, errorAppId);
    }

    public string StoredKey(string key) => StateKeyPrefix.Apply(_spec, _appId, key);

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var stored = StoredKey(key);
        try
        {
            return await RunAsync(StateOperations.Get, ct => _store.GetAsync(stored, ct), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.Get(key, StoreName, e);
        }
    }

    /// <summary>Reads every key, at most <paramref name="parallelism"/> at a time (0: all at once); failures are per item.</summary>
    public async Task<IReadOnlyList<StateBulkItem>> GetBulkAsync(IReadOnlyList<string> keys, int parallelism, CancellationToken cancellationToken)
    {
        var stored = keys.Select(StoredKey).ToArray();
        var items = new StateBulkItem[keys.Count];
        var degree = parallelism > 0 ? parallelism : Math.Max(1, keys.Count);
        try
        {
            // Per-key failures are per-item errors, so (as in daprd) only a failure of the whole bulk read is retried.
            return await RunAsync(
                StateOperations.BulkGet,
                async attempt =>
                {
                    await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = attempt }, async (i, ct) =>
                    {
                        try
                        {
                            items[i] = new StateBulkItem(keys[i], await _store.GetAsync(stored[i], ct), null);
                        }
                        catch (Exception e) when (IsStoreFailure(e, ct))
                        {
                            items[i] = new StateBulkItem(keys[i], null, e.Message);
                        }
                    });
                    return items;
                },
                cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.BulkGet(e);
        }
    }

    /// <summary>
    /// One write is a single store call; several are independent concurrent writes (daprd's default bulk set), not a
    /// transaction. When every failure is an ETag mismatch the whole call is one (409 / Aborted).
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        var keys = writes.Select(w => StoredKey(w.Key)).ToArray();
        try
        {
            await RunAsync(StateOperations.Set, ct => writes.Count == 1
                ? _store.SetAsync(ToRequest(writes[0], keys[0]), ct)
                : RunAllAsync(writes.Select((w, i) => (Func<Task>)(() => _store.SetAsync(ToRequest(w, keys[i]), ct))), ct), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.Save(StoreName, e);
        }
    }

    public async Task DeleteAsync(StateRemoval removal, CancellationToken cancellationToken)
    {
        var key = StoredKey(removal.Key);
        try
        {
            await RunAsync(StateOperations.Delete, ct => _store.DeleteAsync(new StateDeleteRequest(key, removal.ETag, removal.Concurrency), ct), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.Delete(removal.Key, e);
        }
    }

    public async Task DeleteBulkAsync(IReadOnlyList<StateRemoval> removals, CancellationToken cancellationToken)
    {
        var keys = removals.Select(r => StoredKey(r.Key)).ToArray();
        try
        {
            await RunAsync(StateOperations.BulkDelete, ct => RunAllAsync(removals.Select((r, i) => (Func<Task>)(() => _store.DeleteAsync(new StateDeleteRequest(keys[i], r.ETag, r.Concurrency), ct))), ct), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.DeleteBulk(StoreName, e);
        }
    }

    /// <summary>All operations in one store transaction: every one applies or none does.</summary>
    public async Task TransactAsync(IReadOnlyList<StateChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // daprd (pkg/api/http/http.go, pkg/api/grpc/grpc.go) refuses a transaction over the store's MultiMaxSize up front.
        if (_store.MultiMaxSize > 0 && changes.Count > _store.MultiMaxSize)
        {
            throw StateApiException.TooManyTransactionalOps(changes.Count, _store.MultiMaxSize);
        }

        var keys = changes.Select(c => StoredKey(c.Key)).ToArray();
        try
        {
            var operations = changes.Select<StateChange, StateOperation>((c, i) => c switch
            {
                StateWrite w => new StateUpsert(ToRequest(w, keys[i])),
                _ => new StateDelete(new StateDeleteRequest(keys[i], c.ETag, c.Concurrency)),
            }).ToList();
            await RunAsync(StateOperations.Transaction, ct => _store.TransactAsync(operations, ct), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw StateApiException.Transaction(e);
        }
    }

    /// <summary>
    /// Runs one store call under the outbound policy; a timed-out attempt fails as daprd's context deadline does. The
    /// call counts once in <c>dapr_component_state_count</c> under its operation, successful or not, as daprd records
    /// every state API call around its store call (pkg/api/http/http.go, pkg/api/grpc/grpc.go <c>StateInvoked</c>).
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            var result = _policy.IsEmpty ? await call(cancellationToken) : await RunUnderPolicyAsync(call, cancellationToken);
            _metrics.StateInvoked(StoreName, operation, success: true);
            return result;
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            _metrics.StateInvoked(StoreName, operation, success: false);
            throw;
        }
    }

    private Task RunAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(operation, async ct => { await call(ct); return true; }, cancellationToken);

    private async Task<T> RunUnderPolicyAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _policy.ExecuteAsync(call, null, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException("context deadline exceeded", e);
        }
    }

    private static StateSetRequest ToRequest(StateWrite write, string storedKey) =>
        new(storedKey, write.Value, write.ETag, write.Concurrency, StateRequestMetadata.Ttl(write.Metadata));

    /// <summary>Runs independent store calls concurrently; several failures become one, an ETag mismatch only if all are.</summary>
    private static async Task RunAllAsync(IEnumerable<Func<Task>> calls, CancellationToken cancellationToken)
    {
        var tasks = calls.Select(call => Task.Run(call, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            var failures = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            if (failures.Count == 1)
            {
                throw failures[0];
            }

            var message = string.Join("\n", failures.Select(f => f.Message));
            if (failures.Count > 0 && failures.All(f => f is StateETagMismatchException))
            {
                throw new StateETagMismatchException(message, failures[0]);
            }

            throw new AggregateException(message, failures);
        }
    }

    private static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) =>
        e is not StateApiException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
