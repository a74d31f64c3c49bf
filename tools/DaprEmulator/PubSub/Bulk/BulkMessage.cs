namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// What a component hands the sidecar in one bulk call (contrib pubsub <c>BulkMessage</c>): entries of one topic, in
/// the order the broker delivered them, and the batch's metadata.
/// </summary>
public sealed record BulkMessage(string Topic, IReadOnlyList<BulkMessageEntry> Entries, IReadOnlyDictionary<string, string> Metadata);

/// <summary>One entry (contrib <c>BulkMessageEntry</c>): its id within the batch, the bytes as published, metadata.</summary>
public sealed record BulkMessageEntry(string EntryId, byte[] Event, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The sidecar's answer to a bulk call (the bulk handler's <c>([]BulkSubscribeResponseEntry, error)</c>):
/// <see cref="Entries"/> is null when daprd returns no responses, else one error (or null for done) per entry in entry
/// order; <see cref="Error"/> non-null means the call failed and the component redelivers.
/// </summary>
public sealed record BulkResult(IReadOnlyList<Exception?>? Entries, Exception? Error)
{
    public static readonly BulkResult Done = new(null, null);

    /// <summary>How many leading entries a Kafka consumer marks: all when the call succeeded, else those before the first error.</summary>
    public int MarkedPrefix(int count)
    {
        if (Error is null)
        {
            return count;
        }

        var marked = 0;
        while (Entries is not null && marked < Entries.Count && Entries[marked] is null)
        {
            marked++;
        }

        return marked;
    }
}

/// <summary>A component that batches deliveries itself (contrib <c>pubsub.BulkSubscriber</c>).</summary>
public interface IBulkSubscriber
{
    /// <summary>Subscribes with a bulk handler; disposing the result leaves the topic.</summary>
    IDisposable BulkSubscribe(SubscribeRequest request, BulkSubscribeSettings settings, Func<BulkMessage, CancellationToken, Task<BulkResult>> handler);
}
