using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>Subscriptions of every app and delivery of published events into them.</summary>
public sealed class PubSubSubsystem(EmulatorHost host) : IAsyncDisposable
{
    public EmulatorHost Host { get; } = host;

    /// <summary>Called once the app's port is open: reads its subscriptions and starts delivering.</summary>
    public Task OnAppReadyAsync(Sidecar sidecar, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The subscriptions an app has, for the metadata API.</summary>
    public IReadOnlyList<SubscriptionInfo> SubscriptionsOf(string appId) => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A subscription as the metadata API reports it.</summary>
public sealed record SubscriptionInfo(string PubsubName, string Topic, string? DeadLetterTopic, IReadOnlyList<(string Match, string Path)> Rules, string Type);
