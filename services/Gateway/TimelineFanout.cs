using System.Threading.Channels;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway;

/// <summary>
/// Hands timeline items that reach this replica over pub/sub to the local listeners of their session
/// (the WebSocket and long-poll connections of that session's participants).
/// </summary>
public sealed class TimelineFanout
{
    private readonly LocalListeners<TimelineItem> _listeners = new();

    public IDisposable Listen(string tenant, string sessionId, ChannelWriter<TimelineItem> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return Listen(tenant, sessionId, writer.TryWrite);
    }

    public IDisposable Listen(string tenant, string sessionId, Func<TimelineItem, bool> listener) =>
        _listeners.Listen(FanoutKeys.Session(tenant, sessionId), listener);

    /// <summary>Offers the item to every local listener; returns how many took it.</summary>
    public int Deliver(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _listeners.Deliver(FanoutKeys.Session(item.Tenant, item.SessionId), item);
    }
}
