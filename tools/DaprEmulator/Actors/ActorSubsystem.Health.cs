using System.Collections.Concurrent;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// App health and actors (dapr/dapr pkg/runtime/runtime.go <c>appHealthChanged</c>): an app that turns unhealthy has
/// its actor types taken out of placement (<c>UnRegisterHosted</c>), so its actors leave it and calls for them go to
/// another host or wait for one; when it is healthy again its types are placed again with the configuration read
/// from <c>GET /dapr/config</c> the first time (daprd loads the app configuration once). Each instance of an app is
/// placed and taken out on its own health.
/// </summary>
public sealed partial class ActorSubsystem
{
    private readonly ConcurrentDictionary<string, ActorHostConfig> _hostConfigs = new(StringComparer.Ordinal);

    /// <summary>Called by the sidecar when its app's health changes after the first time it was healthy.</summary>
    public async Task OnAppHealthChangedAsync(Sidecar sidecar, bool healthy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        if (!healthy)
        {
            OnHostGone(sidecar.InstanceName);
            return;
        }

        if (_hostConfigs.TryGetValue(sidecar.InstanceName, out var config))
        {
            await PlaceHostAsync(sidecar, config, cancellationToken);
        }
    }
}
