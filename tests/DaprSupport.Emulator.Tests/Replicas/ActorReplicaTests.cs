using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Actors.Runtime;
using DaprSupport.Emulator.Tests.Actors;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Emulator.Tests.Replicas;

/// <summary>
/// Actors of an app id with several instances, as daprd's placement spreads them: each daprd registers its app's types
/// under its own address, so every instance is a host of its own; all instances share the app id's state namespace,
/// so an actor that moves between them keeps its state; state transactions go only through the instance where the
/// actor is active (dapr/dapr v1.17.0 pkg/actors/state/state.go, <c>table.ActorExists</c>).
/// </summary>
public sealed class ActorReplicaTests
{
    private const string App = "svc";

    [Fact]
    public async Task Actors_of_an_app_with_two_instances_are_spread_over_both_and_each_sidecar_counts_its_own()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var one = await AddInstanceAsync(harness, "one");
        var two = await AddInstanceAsync(harness, "two");
        var caller = await harness.AddClientAsync("caller");

        var placements = await Task.WhenAll(
            Enumerable.Range(0, 24).Select(_ => caller.Proxy(ActorTestHosts.NewId()).WhereAmI()));

        Assert.Contains("one", placements);
        Assert.Contains("two", placements);
        foreach (var (instance, name) in new[] { (one, "one"), (two, "two") })
        {
            var active = Assert.Single((await instance.Client.GetMetadataAsync()).Actors);
            Assert.Equal(placements.Count(p => p == name), active.Count);
        }
    }

    [Fact]
    public async Task An_actor_whose_instance_stops_moves_to_the_other_instance_with_its_state()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var instances = await AddTwoInstancesAsync(harness);
        var caller = await harness.AddClientAsync("caller");
        var actor = caller.Proxy(ActorTestHosts.NewId());
        Assert.Equal(1, await actor.Increment());
        Assert.Equal(2, await actor.Increment());
        var first = await actor.WhereAmI();

        await harness.Host.RemoveSidecarAsync(instances[first].Sidecar);

        Assert.Equal(3, await actor.Increment());
        Assert.NotEqual(first, await actor.WhereAmI());
    }

    [Fact]
    public async Task A_new_instance_takes_over_part_of_the_actors_which_leave_the_old_one_and_keep_their_state()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await AddInstanceAsync(harness, "one");
        var caller = await harness.AddClientAsync("caller");
        var ids = Enumerable.Range(0, 24).Select(_ => ActorTestHosts.NewId()).ToList();
        foreach (var id in ids)
        {
            Assert.Equal(1, await caller.Proxy(id).Increment());
        }

        await AddInstanceAsync(harness, "two");

        var moved = new List<string>();
        foreach (var id in ids)
        {
            if (await caller.Proxy(id).WhereAmI() == "two")
            {
                moved.Add(id);
            }

            Assert.Equal(2, await caller.Proxy(id).Increment());
        }

        Assert.NotEmpty(moved);
        Assert.NotEqual(ids.Count, moved.Count);
        foreach (var id in moved)
        {
            // The old instance was told (DELETE /actors/{type}/{id}) before the actor came up on the new one.
            await ActorSignals.For(id).Deactivated.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task State_transactions_go_only_through_the_instance_where_the_actor_is_active_and_reads_through_any()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var instances = await AddTwoInstancesAsync(harness);
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        Assert.Equal(1, await caller.Proxy(id).Increment());
        var owner = await caller.Proxy(id).WhereAmI();
        var sibling = instances[owner == "one" ? "two" : "one"];
        var state = new Uri($"/v1.0/actors/{ActorTestHosts.ActorType}/{id}/state", UriKind.Relative);

        using var write = await sibling.SidecarHttp.PostAsync(state, JsonContent.Create(new object[]
        {
            new { operation = "upsert", request = new { key = "count", value = 99 } },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, write.StatusCode);
        using (var error = JsonDocument.Parse(await write.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ERR_ACTOR_INSTANCE_MISSING", error.RootElement.GetProperty("errorCode").GetString());
        }

        // daprd's state.Get checks no placement: the sibling reads the app id's namespace, which both instances share.
        using var read = await sibling.SidecarHttp.GetAsync(new Uri($"{state}/count", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("1", await read.Content.ReadAsStringAsync());
        Assert.Equal(1, await caller.Proxy(id).Peek());
    }

    [Fact]
    public async Task A_reminder_keeps_firing_after_its_actors_instance_stops()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var instances = await AddTwoInstancesAsync(harness);
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        var probe = ActorSignals.For(id);
        await caller.Proxy(id).StartReminder("tick", dueMs: 0, periodMs: 200);
        await probe.Reminders.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var first = await caller.Proxy(id).WhereAmI();

        var activationsBefore = probe.Activations;
        await harness.Host.RemoveSidecarAsync(instances[first].Sidecar);

        // A tick already under way may still come from the old activation; the reminder goes on in a new one.
        while (true)
        {
            var (name, _, activation) = await probe.Reminders.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("tick", name);
            if (activation > activationsBefore)
            {
                break;
            }
        }

        Assert.NotEqual(first, await caller.Proxy(id).WhereAmI());
    }

    /// <summary>Instances "one" and "two" of <see cref="App"/>, by name.</summary>
    private static async Task<Dictionary<string, TestApp>> AddTwoInstancesAsync(EmulatorHarness harness) => new()
    {
        ["one"] = await AddInstanceAsync(harness, "one"),
        ["two"] = await AddInstanceAsync(harness, "two"),
    };

    /// <summary>An instance of <see cref="App"/> hosting <see cref="TestActor"/>, which names itself <paramref name="name"/>.</summary>
    private static Task<TestApp> AddInstanceAsync(EmulatorHarness harness, string name) =>
        harness.AddAppAsync(
            App,
            web => web.MapActorsHandlers(),
            builder => builder.Services.AddSingleton(new HostIdentity(name)),
            actors: o => o.Actors.RegisterActor<TestActor>(),
            replica: true);
}
