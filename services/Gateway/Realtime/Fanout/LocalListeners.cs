using System.Collections.Concurrent;

namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>
/// Callbacks registered under a key by this replica's connections; delivery offers a value to every callback of its
/// key.
/// </summary>
public sealed class LocalListeners<T>
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<T, bool>>> _listeners = new();

    public IDisposable Listen(string key, Func<T, bool> listener)
    {
        var id = Guid.NewGuid();
        _listeners.GetOrAdd(key, _ => new()).TryAdd(id, listener);
        return new Registration(() =>
        {
            if (_listeners.TryGetValue(key, out var set))
            {
                set.TryRemove(id, out _);
                if (set.IsEmpty)
                {
                    _listeners.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Guid, Func<T, bool>>>(key, set));
                }
            }
        });
    }

    /// <summary>Offers the value to every listener of the key; returns how many took it.</summary>
    public int Deliver(string key, T value)
    {
        if (!_listeners.TryGetValue(key, out var set))
        {
            return 0;
        }

        var delivered = 0;
        foreach (var listener in set.Values)
        {
            if (listener(value))
            {
                delivered++;
            }
        }

        return delivered;
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
