namespace DaprSupport.ServiceDefaults;

/// <summary>
/// The app's one pool of HTTP connections to its sidecar for actor calls, shared by every actor proxy (proxies are
/// created per call; their clients never dispose it). Disposed with the host.
/// </summary>
public sealed class SidecarConnections : IDisposable
{
    public SocketsHttpHandler Handler { get; } = new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseProxy = false,
    };

    public void Dispose() => Handler.Dispose();
}
