using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// Counts this replica's open connections (WebSockets and long-poll cursors) against
/// <see cref="GatewayOptions.MaxConnections"/>.
/// </summary>
public sealed class ConnectionCounter(IOptions<GatewayOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
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
