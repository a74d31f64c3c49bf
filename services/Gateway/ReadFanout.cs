using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Gateway;

/// <summary>Hands read receipts that reach this replica to the connections following their session.</summary>
public sealed class ReadFanout
{
    private readonly LocalListeners<SessionRead> _listeners = new();

    public IDisposable Listen(string tenant, string sessionId, Func<SessionRead, bool> listener) =>
        _listeners.Listen(FanoutKeys.Session(tenant, sessionId), listener);

    /// <summary>Offers the receipt to every local listener of its session; returns how many took it.</summary>
    public int Deliver(SessionRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _listeners.Deliver(FanoutKeys.Session(read.Tenant, read.SessionId), read);
    }
}
