using System.Globalization;

namespace DaprSupport.DaprEmulator.State;

/// <summary><c>state.in-memory</c>: as in Dapr, a process-local store with ETags, TTL and transactions.</summary>
internal sealed class InMemoryStateStore(string name, bool isActorStateStore, TimeProvider time) : IStateStore
{
    private readonly Dictionary<string, StateEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    public string Name { get; } = name;

    public bool IsActorStateStore { get; } = isActorStateStore;

    public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Live(key));
        }
    }

    public Task SetAsync(StateSetRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateUpsert(request)], cancellationToken);

    public Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken) =>
        TransactAsync([new StateDelete(request)], cancellationToken);

    public Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Check every operation against the state before the transaction, then apply all: all or nothing.
            foreach (var op in operations)
            {
                StateETagCheck.Verify(op, Live(op.Key)?.ETag);
            }

            var now = time.GetUtcNow();
            foreach (var op in operations)
            {
                switch (op)
                {
                    case StateUpsert { Request: var r }:
                        var etag = (++_version).ToString(CultureInfo.InvariantCulture);
                        _entries[r.Key] = new StateEntry(r.Key, r.Value.ToArray(), etag, StateETagCheck.ExpiryOf(r, now));
                        break;
                    case StateDelete { Request: var d }:
                        _entries.Remove(d.Key);
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private StateEntry? Live(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt is { } at && at <= time.GetUtcNow())
        {
            _entries.Remove(key);
            return null;
        }

        return entry;
    }
}
