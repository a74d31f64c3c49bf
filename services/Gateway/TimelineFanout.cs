using System.Collections.Concurrent;
using System.Threading.Channels;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway;

/// <summary>
/// Hands timeline items that reach this replica over pub/sub to the local listeners of their session
/// (the WebSocket and long-poll connections of that session's participants).
/// </summary>
public sealed class TimelineFanout
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, ChannelWriter<TimelineItem>>> _listeners = new();

    public IDisposable Listen(string tenant, string sessionId, ChannelWriter<TimelineItem> writer)
    {
        var key = Key(tenant, sessionId);
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(key, _ => new()).TryAdd(id, writer);
        return new Registration(() =>
        {
            if (_listeners.TryGetValue(key, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    /// <summary>Offers the item to every local listener; returns how many took it.</summary>
    public int Deliver(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_listeners.TryGetValue(Key(item.Tenant, item.SessionId), out var set))
        {
            return 0;
        }

        var delivered = 0;
        foreach (var writer in set.Values)
        {
            if (writer.TryWrite(item))
            {
                delivered++;
            }
        }

        return delivered;
    }

    private static string Key(string tenant, string sessionId) => string.Concat(tenant, "/", sessionId);

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
