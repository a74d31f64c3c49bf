using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Actor placement, activation, turn-based calls, timers and reminders across all apps.</summary>
public sealed class ActorSubsystem(EmulatorHost host) : IAsyncDisposable
{
    public EmulatorHost Host { get; } = host;

    /// <summary>Called once the app's port is open: reads GET /dapr/config and places its actor types.</summary>
    public Task OnAppReadyAsync(Sidecar sidecar, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Active actor counts per type hosted by the app, for the metadata API.</summary>
    public IReadOnlyList<(string Type, int Count)> ActiveActorsOf(string appId) => [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
