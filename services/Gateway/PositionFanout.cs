using DaprSupport.Contracts.Routing;

namespace DaprSupport.Gateway;

/// <summary>Hands the queue positions that reach this replica to the connections following each listed session.</summary>
public sealed class PositionFanout
{
    private readonly LocalListeners<QueuePosition> _listeners = new();

    public IDisposable Listen(string tenant, string sessionId, Func<QueuePosition, bool> listener) =>
        _listeners.Listen(FanoutKeys.Session(tenant, sessionId), listener);

    /// <summary>Offers each listed session its position (index + 1); returns how many listeners took one.</summary>
    public int Deliver(QueuePositions positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var delivered = 0;
        for (var i = 0; i < positions.SessionIds.Count; i++)
        {
            var sessionId = positions.SessionIds[i];
            delivered += _listeners.Deliver(FanoutKeys.Session(positions.Tenant, sessionId), new QueuePosition(sessionId, i + 1, positions.AsOf));
        }

        return delivered;
    }
}
