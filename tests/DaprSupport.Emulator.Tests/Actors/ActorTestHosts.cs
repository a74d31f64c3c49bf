using Dapr.Actors;
using Dapr.Actors.Runtime;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
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

    public static ITestActor Proxy(this TestApp app, string actorId) =>
        app.ActorProxies.CreateActorProxy<ITestActor>(new ActorId(actorId), ActorType);

    public static string NewId() => Guid.NewGuid().ToString("N");
}
