namespace DaprSupport.DaprEmulator.State;

/// <summary>A write or delete as an app asks for it through the state API (key not yet prefixed).</summary>
internal abstract record StateChange(string Key, string? ETag, StateConcurrency Concurrency);

/// <summary>An upsert: the value bytes (raw JSON on HTTP, bytes as given on gRPC) and its request metadata.</summary>
internal sealed record StateWrite(
    string Key,
    ReadOnlyMemory<byte> Value,
    string? ETag = null,
    StateConcurrency Concurrency = StateConcurrency.LastWrite,
    IReadOnlyDictionary<string, string>? Metadata = null)
    : StateChange(Key, ETag, Concurrency);

internal sealed record StateRemoval(string Key, string? ETag = null, StateConcurrency Concurrency = StateConcurrency.LastWrite)
    : StateChange(Key, ETag, Concurrency);

/// <summary>One key of a bulk read: the entry (null when absent) or the error reading it.</summary>
internal sealed record StateBulkItem(string Key, StateEntry? Entry, string? Error);
