using System.Text.Json;
using Dapr.AspNetCore;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// What an endpoint subscribed in batches (<see cref="TopicSubscriptionExtensions.SubscribesInBatchesTo"/>) reads and
/// answers: the event in an entry's CloudEvent <c>data</c>, and a status per entry.
/// </summary>
public static class BulkSubscribeEntries
{
    /// <summary>The entry's CloudEvent <c>data</c> as <typeparamref name="T"/>; null when there is no JSON object
    /// there or it does not read as one.</summary>
    public static T? DataAs<T>(JsonElement cloudEvent, JsonSerializerOptions options)
        where T : class
    {
        if (cloudEvent.ValueKind != JsonValueKind.Object || !cloudEvent.TryGetProperty("data", out var data)
            || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return data.Deserialize<T>(options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// RETRY for the entries in <paramref name="retry"/> (Dapr delivers them again, then dead-letters them), SUCCESS
    /// for the others; never DROP, whose handling of retried entries differs between daprd and the emulator
    /// (docs/emulator-fidelity.md).
    /// </summary>
    public static BulkSubscribeAppResponse Answer(IEnumerable<string> entryIds, IReadOnlySet<string> retry)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        ArgumentNullException.ThrowIfNull(retry);
        return new BulkSubscribeAppResponse([.. entryIds.Select(id => new BulkSubscribeAppResponseEntry(id,
            retry.Contains(id) ? BulkSubscribeAppResponseStatus.RETRY : BulkSubscribeAppResponseStatus.SUCCESS))]);
    }
}
