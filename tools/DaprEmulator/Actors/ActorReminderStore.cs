using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.State;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Reminders persisted in the actor state store, as daprd's state-store reminders are: JSON arrays updated with
/// optimistic concurrency (ETags), so they survive deactivation and a restart of the emulator on the same store.
/// Like daprd with <c>remindersStoragePartitions</c>, the reminders of a type are spread over partitions by actor
/// id (<c>actors||{type}||reminders||{n}</c>): one hot array rewritten by every registration would make reminder
/// writes a global bottleneck. The unpartitioned key <c>actors||{type}</c> is still read, for older data.
/// </summary>
internal static class ActorReminderStore
{
    public const int Partitions = 32;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<(IStateStore Store, string Key), SemaphoreSlim> Writers = new();

    public static string KeyOf(string actorType) => $"actors||{actorType}";

    public static string PartitionKeyOf(string actorType, string actorId) =>
        $"actors||{actorType}||reminders||{PartitionOf(actorId).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>A stable partition (FNV-1a of the id), the same in every process and run.</summary>
    public static int PartitionOf(string actorId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(actorId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Partitions);
    }

    /// <summary>Every reminder of the type (for scheduling them when a host connects).</summary>
    public static async Task<IReadOnlyList<ReminderRecord>> LoadAllAsync(IStateStore store, string actorType, CancellationToken cancellationToken)
    {
        var keys = new[] { KeyOf(actorType) }.Concat(Enumerable.Range(0, Partitions).Select(p =>
            $"actors||{actorType}||reminders||{p.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        var entries = await Task.WhenAll(keys.Select(k => store.GetAsync(k, cancellationToken)));
        return [.. entries.Where(e => e is not null).SelectMany(e => Parse(e!))];
    }

    /// <summary>The reminders stored with one actor's partition (the actor's own among them).</summary>
    public static async Task<IReadOnlyList<ReminderRecord>> LoadForActorAsync(IStateStore store, string actorType, string actorId, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(PartitionKeyOf(actorType, actorId), cancellationToken);
        var legacy = await store.GetAsync(KeyOf(actorType), cancellationToken);
        return [.. (entry is null ? [] : Parse(entry)).Concat(legacy is null ? [] : Parse(legacy))];
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the actor's partition: one writer per partition in this process, and an
    /// ETag retry when another process got there first.
    /// </summary>
    public static async Task UpdateAsync(
        IStateStore store, string actorType, string actorId, Func<List<ReminderRecord>, bool> change, CancellationToken cancellationToken)
    {
        var key = PartitionKeyOf(actorType, actorId);
        var writer = Writers.GetOrAdd((store, key), _ => new SemaphoreSlim(1, 1));
        await writer.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var entry = await store.GetAsync(key, cancellationToken);
                var reminders = entry is null ? [] : Parse(entry).ToList();
                if (!change(reminders))
                {
                    return;
                }

                try
                {
                    await store.SetAsync(new StateSetRequest(key, JsonSerializer.SerializeToUtf8Bytes(reminders, Json), entry?.ETag), cancellationToken);
                    return;
                }
                catch (StateETagMismatchException)
                {
                    // Another sidecar wrote the partition meanwhile: read it again.
                }
            }
        }
        finally
        {
            writer.Release();
        }
    }

    private static IReadOnlyList<ReminderRecord> Parse(StateEntry entry) =>
        JsonSerializer.Deserialize<List<ReminderRecord>>(entry.Value.Span, Json) ?? [];
}
