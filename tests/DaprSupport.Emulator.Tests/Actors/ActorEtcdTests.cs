using DaprSupport.Emulator.Tests.State;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// The core actor behaviours with the actor state store on a real etcd (state.etcd v2), including a restart of the
/// emulator on the same etcd: developing-applications/building-blocks/actors/actors-timers-reminders and
/// reference/api/actors_api (reminders are persisted in the actor state store, so they outlive the sidecar).
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class ActorEtcdTests(EtcdFixture etcd)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>An actor state store on the fixture's etcd, under a prefix path of its own per test.</summary>
    private string ActorStore() => StateStoreKinds.Component(
        StateStoreKinds.Etcd, "actorstore", etcd, new Dictionary<string, string> { ["actorStateStore"] = "true" });

    [Fact]
    public Task State_saved_through_the_state_manager_survives_idle_deactivation() =>
        ActorTestHosts.AssertStateSurvivesIdleDeactivationAsync(ActorStore(), Wait);

    [Fact]
    public async Task Reminder_and_state_outlive_the_emulator_and_fire_in_a_new_one_on_the_same_etcd()
    {
        var store = ActorStore();
        var id = ActorTestHosts.NewId();
        await using (var first = await EmulatorHarness.StartAsync(store))
        {
            await first.AddHostAsync("host");
            var caller = await first.AddClientAsync("caller");
            Assert.Equal(1, await caller.Proxy(id).Increment());
            await caller.Proxy(id).StartReminder("restart", 2_500, 0);
        }

        // The first emulator is gone before the reminder was due; a new one on the same etcd loads and fires it.
        Assert.False(ActorSignals.For(id).Reminders.Reader.TryRead(out _));
        await using var second = await EmulatorHarness.StartAsync(store);
        await second.AddHostAsync("host");

        var fired = await ActorSignals.For(id).Reminders.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(("restart", "data-restart", 2), fired);

        var caller2 = await second.AddClientAsync("caller");
        Assert.Equal(2, await caller2.Proxy(id).Increment());
    }
}
