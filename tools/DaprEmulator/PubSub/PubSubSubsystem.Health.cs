using System.Collections.Concurrent;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// App health and subscriptions (dapr/dapr pkg/runtime/runtime.go <c>appHealthChanged</c>,
/// pkg/runtime/processor/subscriber/subscriber.go): an unhealthy app's subscriptions are stopped on their components
/// (<c>StopAppSubscriptions</c>: nothing is delivered to it; a broker keeps what it did not commit), and started
/// again when it is healthy (<c>StartAppSubscriptions</c>). The programmatic subscriptions are read from the app once,
/// the first time it is healthy (<c>hasInitProg</c>).
/// </summary>
public sealed partial class PubSubSubsystem
{
    private readonly ConcurrentDictionary<Sidecar, IReadOnlyList<SubscriptionDefinition>> _definitions = new();
    private readonly ConcurrentDictionary<Sidecar, IReadOnlyList<SubscriptionDefinition>> _suspended = new();

    /// <summary>Called by the sidecar when its app's health changes after the first time it was healthy.</summary>
    public void OnAppHealthChanged(Sidecar sidecar, bool healthy)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        if (!healthy)
        {
            if (_apps.TryRemove(sidecar, out var app))
            {
                _suspended[sidecar] = [.. app.Definitions];
                app.Dispose();
            }

            return;
        }

        _suspended.TryRemove(sidecar, out _);
        if (!sidecar.Stopping.IsCancellationRequested && _definitions.TryGetValue(sidecar, out var definitions))
        {
            StartSubscriptions(sidecar, definitions);
        }
    }
}
