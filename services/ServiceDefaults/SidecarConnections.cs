namespace DaprSupport.ServiceDefaults;

/// <summary>
/// The app's one pool of HTTP connections to its sidecar for actor calls, shared by every actor proxy (each proxy's
/// client wraps it and never disposes it). Disposed with the host.
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
