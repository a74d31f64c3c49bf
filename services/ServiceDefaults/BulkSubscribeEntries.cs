using System.Collections.Concurrent;
using System.Text.Json;
using Dapr.AspNetCore;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// What an endpoint subscribed in batches (<see cref="TopicSubscriptionExtensions.SubscribesInBatchesTo"/>) reads, does
/// and answers: the event in an entry's CloudEvent <c>data</c>, the work in ordered groups, and a status per entry.
/// </summary>
public static class BulkSubscribeEntries
{
    /// <summary>The entry's CloudEvent <c>data</c>; null for an entry that is not a CloudEvent with a JSON object
    /// there.</summary>
    public static JsonElement? Data(JsonElement cloudEvent) =>
        cloudEvent.ValueKind == JsonValueKind.Object && cloudEvent.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Object ? data : null;

    /// <summary>The entry's CloudEvent <c>data</c> as <typeparamref name="T"/>; null when there is no JSON object
    /// there or it does not read as one.</summary>
    public static T? DataAs<T>(JsonElement cloudEvent, JsonSerializerOptions options)
        where T : class
    {
        if (Data(cloudEvent) is not { } data)
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
    /// Works through a batch group by group: each group's items in order, stopping at its first failure (passed to
    /// <paramref name="failed"/>; the rest of the group waits for the redelivery, so it stays in order), at most
    /// <paramref name="parallelism"/> groups at once. Returns the items done.
    /// </summary>
    public static async Task<IReadOnlySet<T>> InGroupsAsync<T>(IEnumerable<IEnumerable<T>> groups, int parallelism,
        Func<T, Task> work, Action<T, Exception> failed, CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        var done = new ConcurrentDictionary<T, bool>();
        await Parallel.ForEachAsync(groups,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (group, _) =>
            {
                foreach (var item in group)
                {
                    try
                    {
                        await work(item);
                        done[item] = true;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failed(item, e);
                        return;
                    }
                }
            });
        return done.Keys.ToHashSet();
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
