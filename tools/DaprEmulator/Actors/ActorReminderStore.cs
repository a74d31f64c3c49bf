using System.Text.Json;
using DaprSupport.DaprEmulator.State;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Reminders persisted as daprd's state-store reminders are: every reminder of an actor type in one JSON array
/// under the key <c>actors||{type}</c> of the actor state store, updated with optimistic concurrency (ETags), so
/// they survive deactivation and a restart of the emulator on the same store.
/// </summary>
internal static class ActorReminderStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string KeyOf(string actorType) => $"actors||{actorType}";

    public static async Task<IReadOnlyList<ReminderRecord>> LoadAsync(IStateStore store, string actorType, CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(KeyOf(actorType), cancellationToken);
        return entry is null ? [] : Parse(entry);
    }

    /// <summary>Applies <paramref name="change"/> to the stored list, retrying when another writer got there first.</summary>
    public static async Task UpdateAsync(
        IStateStore store, string actorType, Func<List<ReminderRecord>, bool> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = await store.GetAsync(KeyOf(actorType), cancellationToken);
            var reminders = entry is null ? [] : Parse(entry).ToList();
            if (!change(reminders))
            {
                return;
            }

            try
            {
                if (entry is not null)
                {
                    await store.SetAsync(new StateSetRequest(KeyOf(actorType), JsonSerializer.SerializeToUtf8Bytes(reminders, Json), entry.ETag), cancellationToken);
                }
                else
                {
                    await store.SetAsync(new StateSetRequest(KeyOf(actorType), JsonSerializer.SerializeToUtf8Bytes(reminders, Json)), cancellationToken);
                }

                return;
            }
            catch (StateETagMismatchException)
            {
                // Another sidecar wrote the list meanwhile: read it again.
            }
        }
    }

    private static IReadOnlyList<ReminderRecord> Parse(StateEntry entry) =>
        JsonSerializer.Deserialize<List<ReminderRecord>>(entry.Value.Span, Json) ?? [];
}
