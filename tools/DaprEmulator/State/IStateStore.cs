namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// A state store component as the sidecar sees it. Keys arrive already prefixed (<c>appid||key</c>, or the actor
/// form). Implementations make every single operation and every transaction atomic, including ETag checks.
/// </summary>
public interface IStateStore : IAsyncDisposable
{
    string Name { get; }

    /// <summary>True when the component's metadata says <c>actorStateStore: "true"</c>.</summary>
    bool IsActorStateStore { get; }

    /// <summary>The stored entry, or null when the key is absent or its TTL has passed.</summary>
    Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes one key. Throws <see cref="StateETagMismatchException"/> when an ETag is given and differs.</summary>
    Task SetAsync(StateSetRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes one key. Throws <see cref="StateETagMismatchException"/> when an ETag is given and differs.</summary>
    Task DeleteAsync(StateDeleteRequest request, CancellationToken cancellationToken);

    /// <summary>Applies the operations as one transaction (all or none, except where a store documents otherwise).</summary>
    Task TransactAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken);

    /// <summary>
    /// contrib's <c>TransactionalStoreMultiMaxSize</c>: the most operations one transaction may hold (0: no limit).
    /// daprd refuses a larger transaction before it reaches the store.
    /// </summary>
    int MultiMaxSize => 0;
}

/// <summary>A stored value with its ETag (opaque to clients) and expiry.</summary>
public sealed record StateEntry(string Key, ReadOnlyMemory<byte> Value, string ETag, DateTimeOffset? ExpiresAt = null);

public enum StateConcurrency
{
    LastWrite,
    FirstWrite,
}

public sealed record StateSetRequest(
    string Key,
    ReadOnlyMemory<byte> Value,
    string? ETag = null,
    StateConcurrency Concurrency = StateConcurrency.LastWrite,
    TimeSpan? Ttl = null);

public sealed record StateDeleteRequest(string Key, string? ETag = null, StateConcurrency Concurrency = StateConcurrency.LastWrite);

/// <summary>One operation of a transaction: an upsert or a delete.</summary>
public abstract record StateOperation(string Key);

public sealed record StateUpsert(StateSetRequest Request) : StateOperation(Request.Key);

public sealed record StateDelete(StateDeleteRequest Request) : StateOperation(Request.Key);

/// <summary>An ETag given with a write did not match the stored one (or the key was absent).</summary>
public sealed class StateETagMismatchException : Exception
{
    public StateETagMismatchException(string key)
        : base($"possible etag mismatch. error from state store: ETag mismatch for key {key}") => Key = key;

    /// <summary>A mismatch with the store's own explanation, as daprd words it ("possible etag mismatch. error from state store: …").</summary>
    public StateETagMismatchException(string key, string detail)
        : base($"possible etag mismatch. error from state store: {detail}") => Key = key;

    public StateETagMismatchException()
    {
        Key = string.Empty;
    }

    public StateETagMismatchException(string message, Exception inner)
        : base(message, inner)
    {
        Key = string.Empty;
    }

    public string Key { get; }
}
