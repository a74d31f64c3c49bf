using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.DaprEmulator.Actors;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Reminder storage (reference/api/actors_api, "Reminders"; daprd's remindersStoragePartitions): reminders live in
/// the actor state store, spread over partitions by actor id, and are readable back from any of them.
/// </summary>
public sealed class ActorReminderStorageTests
{
    [Fact]
    public async Task Reminders_are_stored_in_the_partition_of_their_actor_and_read_back()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var ids = Enumerable.Range(0, 6).Select(_ => ActorTestHosts.NewId()).ToList();

        await Task.WhenAll(ids.Select(async id =>
        {
            using var created = await host.SidecarHttp.PostAsync(new Uri($"/v1.0/actors/TestActor/{id}/reminders/later", UriKind.Relative),
                JsonContent.Create(new { dueTime = "1h", data = id }));
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }));

        var store = harness.Host.Components.FindActorStateStore("host")!;
        foreach (var id in ids)
        {
            var partition = await store.GetAsync(ActorReminderStore.PartitionKeyOf("TestActor", id), CancellationToken.None);
            Assert.NotNull(partition);
            var stored = JsonSerializer.Deserialize<JsonElement>(partition.Value.Span);
            Assert.Contains(stored.EnumerateArray(), r => r.GetProperty("actorID").GetString() == id);

            using var read = await host.SidecarHttp.GetAsync(new Uri($"/v1.0/actors/TestActor/{id}/reminders/later", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var all = await ActorReminderStore.LoadAllAsync(store, "TestActor", CancellationToken.None);
        Assert.Equal(ids.Order(), all.Select(r => r.ActorId).Order());
    }
}
