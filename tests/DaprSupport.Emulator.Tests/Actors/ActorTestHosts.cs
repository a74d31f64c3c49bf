using Dapr.Actors;
using Dapr.Actors.Runtime;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>Shared setup for actor tests: an actor state store and real Dapr.Actors.AspNetCore hosts.</summary>
internal static class ActorTestHosts
{
    public const string ActorType = nameof(TestActor);

    public const string ActorStore = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: actorstore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        """;

    /// <summary>An app hosting <see cref="TestActor"/> with the SDK's actor runtime, optionally tuned.</summary>
    public static Task<TestApp> AddHostAsync(this EmulatorHarness harness, string appId, Action<ActorRuntimeOptions>? tune = null) =>
        harness.AddAppAsync(
            appId,
            web => web.MapActorsHandlers(),
            builder => builder.Services.AddSingleton(new HostIdentity(appId)),
            actors: o =>
            {
                o.Actors.RegisterActor<TestActor>();
                tune?.Invoke(o);
            });

    /// <summary>
    /// An app hosting actor type <c>Raw</c> without the SDK, whose reminder callback
    /// (<c>PUT /actors/Raw/{id}/method/remind/{name}</c>) is <paramref name="remind"/>.
    /// </summary>
    public static Task<TestApp> AddRawHostAsync(
        this EmulatorHarness harness, Delegate remind, Action<WebApplication>? more = null) =>
        harness.AddAppAsync("rawhost", web =>
        {
            web.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "Raw" } }));
            web.MapPut("/actors/Raw/{id}/method/remind/{name}", remind);
            more?.Invoke(web);
        });

    public static ITestActor Proxy(this TestApp app, string actorId) =>
        app.ActorProxies.CreateActorProxy<ITestActor>(new ActorId(actorId), ActorType);

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Idle deactivation after 300 ms, scanned every 100 ms.</summary>
    public static void ShortIdle(ActorRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ActorIdleTimeout = TimeSpan.FromMilliseconds(300);
        options.ActorScanInterval = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>
    /// The scenario both stores must pass: state saved through the StateManager is there again after the actor
    /// was deactivated for idleness and activated anew.
    /// </summary>
    public static async Task AssertStateSurvivesIdleDeactivationAsync(string actorStoreYaml, TimeSpan wait)
    {
        await using var harness = await EmulatorHarness.StartAsync(actorStoreYaml);
        await harness.AddHostAsync("host", ShortIdle);
        var caller = await harness.AddClientAsync("caller");
        var id = NewId();
        var actor = caller.Proxy(id);

        Xunit.Assert.Equal(1, await actor.Increment());
        Xunit.Assert.Equal(2, await actor.Increment());
        await ActorSignals.For(id).Deactivated.Task.WaitAsync(wait);

        Xunit.Assert.Equal(3, await actor.Increment());
        Xunit.Assert.Equal(2, ActorSignals.For(id).Activations);
    }
}
