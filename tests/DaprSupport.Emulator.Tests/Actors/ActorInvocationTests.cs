using Dapr;
using Dapr.Actors;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Actor method invocation through the real ActorProxy and actor host, following reference/api/actors_api
/// ("Invoke actor method") and developing-applications/building-blocks/actors/actors-features-concepts (turn-based access).
/// </summary>
public sealed class ActorInvocationTests
{
    [Fact]
    public async Task Proxy_call_from_another_app_round_trips_through_the_hosting_app()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        var actor = caller.Proxy(ActorTestHosts.NewId());

        Assert.Equal("hello", await actor.Echo("hello"));
        Assert.Equal("host", await actor.WhereAmI());
    }

    [Fact]
    public async Task Calls_to_one_actor_never_overlap_but_different_actors_run_in_parallel()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        var actor = caller.Proxy(id);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => actor.Busy()));

        Assert.Equal(1, ActorSignals.For(id).MaxInside);

        // Two actors meet inside their methods: this only completes if both run at the same time.
        var meeting = ActorTestHosts.NewId();
        await Task.WhenAll(
            caller.Proxy(ActorTestHosts.NewId()).Rendezvous(meeting),
            caller.Proxy(ActorTestHosts.NewId()).Rendezvous(meeting));
    }

    [Fact]
    public async Task Exception_in_actor_surfaces_as_ActorMethodInvocationException()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        var ex = await Assert.ThrowsAsync<ActorMethodInvocationException>(() => caller.Proxy(ActorTestHosts.NewId()).Fail("boom"));

        Assert.Contains("boom", ex.InnerException?.Message ?? ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calling_a_type_nobody_hosts_fails_with_daprd_error()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        var proxy = caller.ActorProxies.CreateActorProxy<ITestActor>(new ActorId("1"), "NoSuchActor");
        var ex = await Assert.ThrowsAsync<DaprApiException>(() => proxy.Echo("x"));

        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", ex.ErrorCode);
        Assert.Contains("did not find address for actor 'NoSuchActor/1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_are_placed_on_another_host_when_their_sidecar_goes_away()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host-a");
        await harness.AddHostAsync("host-b");
        var caller = await harness.AddClientAsync("caller");
        var actor = caller.Proxy(ActorTestHosts.NewId());

        var first = await actor.WhereAmI();
        Assert.Equal(first, await actor.WhereAmI());

        await harness.Host.RemoveSidecarAsync(first);

        var second = await actor.WhereAmI();
        Assert.NotEqual(first, second);
        Assert.Contains(second, new[] { "host-a", "host-b" });
    }

    [Fact]
    public async Task Ids_spread_over_hosts_and_metadata_counts_active_actors()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var hostA = await harness.AddHostAsync("host-a");
        await harness.AddHostAsync("host-b");
        var caller = await harness.AddClientAsync("caller");

        var placements = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => caller.Proxy(ActorTestHosts.NewId()).WhereAmI()));

        Assert.Contains("host-a", placements);
        Assert.Contains("host-b", placements);
        var metadata = await hostA.Client.GetMetadataAsync();
        var active = Assert.Single(metadata.Actors);
        Assert.Equal(ActorTestHosts.ActorType, active.Type);
        Assert.Equal(placements.Count(p => p == "host-a"), active.Count);
    }

    [Fact]
    public async Task Reentrant_call_back_into_the_same_actor_enters_when_the_app_enables_reentrancy()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host", o => o.ReentrancyConfig = new Dapr.Actors.ActorReentrancyConfig { Enabled = true });
        var caller = await harness.AddClientAsync("caller");

        Assert.Equal("again", await caller.Proxy(ActorTestHosts.NewId()).CallSelf("again").WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
