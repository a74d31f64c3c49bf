using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Activation, idle deactivation, state, timers and reminders, following reference/api/actors_api and
/// developing-applications/building-blocks/actors/actors-timers-reminders.
/// </summary>
public sealed class ActorLifecycleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public Task Idle_actor_is_deactivated_and_its_state_survives_into_the_next_activation() =>
        ActorTestHosts.AssertStateSurvivesIdleDeactivationAsync(ActorTestHosts.ActorStore, Wait);

    [Fact]
    public async Task Timer_fires_until_unregistered()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        var actor = caller.Proxy(id);
        var timers = ActorSignals.For(id).Timers.Reader;

        await actor.StartTimer("tick", 50);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("tick", await timers.ReadAsync().AsTask().WaitAsync(Wait));
        }

        await actor.StopTimer("tick");

        // Calls are turn-based, so after this one no callback is in flight; none may come after it.
        await actor.Echo("sync");
        while (timers.TryRead(out _))
        {
        }

        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timers.ReadAsync(quiet.Token).AsTask());
    }

    [Fact]
    public async Task Timers_die_with_the_activation()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host", o =>
        {
            o.ActorIdleTimeout = TimeSpan.FromMilliseconds(400);
            o.ActorScanInterval = TimeSpan.FromMilliseconds(100);
        });
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();

        // A timer slower than the idle timeout does not keep the actor alive.
        await caller.Proxy(id).StartTimer("slow", 5_000);
        await ActorSignals.For(id).Deactivated.Task.WaitAsync(Wait);
        var timers = ActorSignals.For(id).Timers.Reader;
        while (timers.TryRead(out _))
        {
        }

        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timers.ReadAsync(quiet.Token).AsTask());
        Assert.Equal(1, ActorSignals.For(id).Activations);
    }

    [Fact]
    public async Task Reminder_fires_with_its_data_and_reactivates_a_deactivated_actor()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host", ActorTestHosts.ShortIdle);
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();

        // Due well after the idle deactivation (300 ms idle, 100 ms scans), also on a loaded box.
        await caller.Proxy(id).StartReminder("wake", 3_000, 0);
        await ActorSignals.For(id).Deactivated.Task.WaitAsync(Wait);
        var fired = await ActorSignals.For(id).Reminders.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        Assert.Equal("wake", fired.Name);
        Assert.Equal("data-wake", fired.Data);
        Assert.Equal(2, fired.Activation);
    }
}
