using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// daprd's bulk handler for one subscription (dapr/dapr pkg/runtime/subscription/bulksubscription.go
/// <c>bulkSubscribeTopic</c>): each entry is checked (blank id, CloudEvent decoding, expiry, routing; expired and
/// unrouted entries are done, dead-lettered when a topic is set), the rest are grouped by route and each group is
/// POSTed as one envelope (<see cref="BulkDelivery"/>). Entries that failed go to the dead-letter topic when one is set
/// and the whole batch is then done; without one the batch fails with the per-entry errors and the component
/// redelivers it. As in daprd, the batch's error is the last one assigned: an undecodable entry followed by a
/// decodable one leaves no error, so the component marks the whole batch.
/// </summary>
internal sealed class BulkSubscriptionWorker(Sidecar sidecar, SubscriptionDefinition subscription, IPubSubComponent component)
{
    /// <summary>daprd's <c>rtpubsub.MetadataKeyPubSub</c>, added to the batch metadata (and so to the request headers).</summary>
    public const string PubSubMetadataKey = "pubsubName";

    private readonly DeadLetterSender _deadLetters = new(sidecar, subscription, component);

    public SubscriptionDefinition Subscription { get; } = subscription;

    public async Task<BulkResult> HandleAsync(BulkMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var metadata = new Dictionary<string, string>(message.Metadata, StringComparer.Ordinal) { [PubSubMetadataKey] = Subscription.PubsubName };
        var batch = new BulkBatch(message.Entries.Count);
        var groups = new Dictionary<string, List<BulkItem>>(StringComparer.Ordinal);
        var hasAnyError = false;
        Exception? err = null;
        for (var i = 0; i < message.Entries.Count; i++)
        {
            var entry = message.Entries[i];
            if (string.IsNullOrEmpty(entry.EntryId))
            {
                sidecar.Logger.LogWarning("Invalid blank entry id received while processing bulk pub/sub event, won't be able to process it");
                batch.Fail(i, new InvalidOperationException("Blank entryId supplied - won't be able to process it"));
                hasAnyError = true;
                continue;
            }

            batch.Index[entry.EntryId] = i;
            JsonObject? cloudEvent = null;
            if (!Subscription.RawPayload)
            {
                try
                {
                    cloudEvent = JsonNode.Parse(entry.Event) as JsonObject ?? throw new JsonException("not a JSON object");
                    err = null;
                }
                catch (JsonException ex)
                {
                    sidecar.Logger.LogError(ex, "error deserializing one of the messages in bulk cloud event in pubsub {Pubsub} and topic {Topic}",
                        Subscription.PubsubName, message.Topic);
                    batch.Set(i, ex);
                    err = ex;
                    hasAnyError = true;
                    continue;
                }

                if (CloudEvents.HasExpired(cloudEvent))
                {
                    sidecar.Logger.LogWarning("dropping expired pub/sub event {Id}", cloudEvent["id"]);
                    await DeadLetterQuietlyAsync(message.Topic, entry, cancellationToken);
                    batch.Set(i, null);
                    continue;
                }
            }

            // A raw payload is matched as a string, which no match expression selects; it takes the default route.
            if (Subscription.RouteFor(cloudEvent ?? []) is not { } path)
            {
                sidecar.Logger.LogWarning("No matching route for event in pubsub {Pubsub} and topic {Topic}; skipping", Subscription.PubsubName, message.Topic);
                await DeadLetterQuietlyAsync(message.Topic, entry, cancellationToken);
                batch.Set(i, null);
                continue;
            }

            var contentType = entry.ContentType is { Length: > 0 } given ? given
                : cloudEvent is null ? "application/octet-stream" : CloudEvents.ContentType;
            var item = new BulkItem(i, entry, cloudEvent, contentType);
            (groups.TryGetValue(path, out var group) ? group : groups[path] = []).Add(item);
        }

        var delivery = new BulkDelivery(sidecar, Subscription, _deadLetters);
        foreach (var (path, items) in groups)
        {
            if (await delivery.DeliverAsync(path, message.Topic, metadata, items, batch, cancellationToken) is { } invokeError)
            {
                hasAnyError = true;
                err = invokeError;
            }
        }

        if (hasAnyError && !cancellationToken.IsCancellationRequested && await SendFailedToDeadLetterAsync(message, batch, cancellationToken))
        {
            return BulkResult.Done;
        }

        return new BulkResult(batch.Errors, err);
    }

    private async Task<bool> SendFailedToDeadLetterAsync(BulkMessage message, BulkBatch batch, CancellationToken cancellationToken)
    {
        if (!_deadLetters.IsSet)
        {
            return false;
        }

        // daprd looks each entry up by its id, so a blank id reads the first entry's result.
        var failed = message.Entries
            .Where(e => batch.Errors[batch.Index.GetValueOrDefault(e.EntryId)] is not null)
            .Select(e => new PubSubMessage(message.Topic, e.Event, e.ContentType, e.Metadata));
        try
        {
            return await _deadLetters.SendAsync(failed, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            sidecar.Logger.LogError(ex, "error sending message to dead letter, origin topic: {Topic}", message.Topic);
            return false;
        }
    }

    private async Task DeadLetterQuietlyAsync(string topic, BulkMessageEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _deadLetters.SendAsync([new PubSubMessage(topic, entry.Event, entry.ContentType, entry.Metadata)], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // daprd ignores this error (`_ = s.sendToDeadLetter(…)`).
            sidecar.Logger.LogError(ex, "error sending message to dead letter, origin topic: {Topic}", topic);
        }
    }
}

/// <summary>The per-entry responses of one batch (daprd's <c>bulkResponses</c> and <c>entryIdIndexMap</c>).</summary>
internal sealed class BulkBatch(int count)
{
    private readonly bool[] _touched = new bool[count];
    private readonly Exception?[] _errors = new Exception?[count];

    public Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Exception?> Errors => _errors;

    /// <summary>Sets an entry's response (its id and error).</summary>
    public void Set(int index, Exception? error)
    {
        _touched[index] = true;
        _errors[index] = error;
    }

    /// <summary>Sets an entry's error without its id (a blank entry id).</summary>
    public void Fail(int index, Exception error) => _errors[index] = error;

    /// <summary>Gives every entry with no response yet <paramref name="error"/> (after a delivery's resiliency ran out).</summary>
    public void SetUntouched(Exception? error)
    {
        foreach (var index in Index.Values.Where(i => !_touched[i]))
        {
            Set(index, error);
        }
    }
}
