using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Actors;
using DaprSupport.Emulator.Tests.State;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Where reminders live (docs/emulator-fidelity.md): daprd 1.15 and later keep them in the Scheduler service, one job
/// per reminder, never in the actor state store (dapr/dapr v1.17.0 <c>pkg/actors/reminders/reminders.go</c>). The
/// Scheduler outlives the sidecars, so its jobs are kept in the emulator's working directory.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class ActorReminderStorageTests(EtcdFixture etcd)
{
    [Fact]
    public async Task Reminders_are_kept_by_the_scheduler_and_write_nothing_to_the_actor_state_store()
    {
        var store = StateStoreKinds.EtcdComponent("actorstore", etcd, "v1",
            new Dictionary<string, string> { ["actorStateStore"] = "true" });
        var prefix = System.Text.RegularExpressions.Regex.Match(store, @"/tests-[0-9a-f]{32}").Value;
        await using var harness = await EmulatorHarness.StartAsync(store);
        var host = await harness.AddHostAsync("host");
        var ids = Enumerable.Range(0, 6).Select(_ => ActorTestHosts.NewId()).ToList();

        await Task.WhenAll(ids.Select(async id =>
        {
            using var created = await host.SidecarHttp.PostAsync(new Uri($"/v1.0/actors/TestActor/{id}/reminders/later", UriKind.Relative),
                JsonContent.Create(new { dueTime = "1h", data = id }));
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }));
        using (var deleted = await host.SidecarHttp.DeleteAsync(new Uri($"/v1.0/actors/TestActor/{ids[0]}/reminders/later", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var id in ids.Skip(1))
        {
            using var read = await host.SidecarHttp.GetAsync(new Uri($"/v1.0/actors/TestActor/{id}/reminders/later", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        Assert.Empty(await EtcdKeysAsync(prefix));
        Assert.True(File.Exists(Path.Combine(harness.Host.Options.WorkingDirectory!, SchedulerReminderStore.FileName)));
    }

    /// <summary>Every key under the store's prefix path in the fixture's etcd (its JSON gateway).</summary>
    private async Task<List<string>> EtcdKeysAsync(string prefix)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://" + etcd.Endpoint) };
        var from = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix));
        var to = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix[..^1] + (char)(prefix[^1] + 1)));
        using var response = await http.PostAsJsonAsync("/v3/kv/range", new { key = from, range_end = to, keys_only = true });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("kvs", out var kvs)
            ? [.. kvs.EnumerateArray().Select(kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.GetProperty("key").GetString()!)))]
            : [];
    }
}
