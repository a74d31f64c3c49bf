using System.Diagnostics;
using Dapr;
using Dapr.Actors;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Looking up an actor's host and bounding its turn as dapr/dapr v1.17.0 does: pkg/actors/router/router.go (<c>Call</c>:
/// the built-in <c>DaprBuiltInActorNotFoundRetries</c>, constant 1 s × 5, unless <c>targets.actors</c> names the type)
/// and pkg/actors/targets/app/app.go (<c>ActorPostLockPolicy</c>: the target's timeout bounds the app's turn).
/// </summary>
public sealed class ActorPlacementWaitTests
{
    private static readonly string Policies = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: actors
        spec:
          policies:
            timeouts:
              turn: 300ms
          targets:
            actors:
              TestActor:
                timeout: turn
              Policed:
                timeout: turn
        """;

    [Fact]
    public async Task A_call_made_before_any_host_registered_the_type_waits_and_succeeds_once_it_is_placed()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var caller = await harness.AddClientAsync("caller");

        var call = caller.Proxy(ActorTestHosts.NewId()).Echo("early");
        Assert.False(call.IsCompleted);
        await harness.AddHostAsync("late-host");

        Assert.Equal("early", await call.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_unhosted_type_fails_only_after_the_built_in_retries()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var caller = await harness.AddClientAsync("caller");
        var proxy = caller.ActorProxies.CreateActorProxy<ITestActor>(new ActorId("1"), "Nobody");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<DaprApiException>(() => proxy.Echo("x"));

        Assert.Contains("did not find address for actor 'Nobody/1'", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= 5 * DaprSupport.DaprEmulator.Actors.ActorSubsystem.NotFoundRetryInterval, $"failed after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_type_named_under_targets_actors_gets_no_built_in_retries()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore, Policies);
        var caller = await harness.AddClientAsync("caller");
        var proxy = caller.ActorProxies.CreateActorProxy<ITestActor>(new ActorId("1"), "Policed");
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<DaprApiException>(() => proxy.Echo("x"));

        Assert.Contains("did not find address for actor 'Policed/1'", ex.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < 5 * DaprSupport.DaprEmulator.Actors.ActorSubsystem.NotFoundRetryInterval, $"failed after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_targets_actors_timeout_bounds_a_turn()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore, Policies);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        // Nobody else comes to this meeting: the method waits 10 s, far past the 300 ms turn timeout.
        var ex = await Assert.ThrowsAsync<DaprApiException>(() => caller.Proxy(ActorTestHosts.NewId()).Rendezvous(ActorTestHosts.NewId()));

        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", ex.ErrorCode);
        Assert.Contains("context deadline exceeded", ex.Message, StringComparison.Ordinal);
    }
}
