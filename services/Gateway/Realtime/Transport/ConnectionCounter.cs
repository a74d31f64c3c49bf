using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// Counts this replica's open connections (WebSockets and long-poll cursors) against
/// <see cref="GatewayOptions.MaxConnections"/>, and admits none once the host is stopping (<see cref="Draining"/>).
/// </summary>
public sealed class ConnectionCounter(IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>
    /// Cancelled on SIGTERM (ApplicationStopping, before Kestrel stops): open connections finish the frames in flight
    /// and end with <see cref="Protocol.CloseCodes.ServiceRestart"/> (or a long-poll reset), new ones get 503.
    /// </summary>
    public CancellationToken Draining => lifetime.ApplicationStopping;

    public bool IsDraining => Draining.IsCancellationRequested;

    public bool TryEnter()
    {
        if (IsDraining)
        {
            return false;
        }

        if (Interlocked.Increment(ref _open) <= options.Value.MaxConnections)
        {
            GatewayMetrics.Connections.Inc();
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit()
    {
        Interlocked.Decrement(ref _open);
        GatewayMetrics.Connections.Dec();
    }
}
