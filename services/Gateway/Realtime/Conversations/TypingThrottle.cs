using System.Collections.Concurrent;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// At most one typing signal per sender per session per <see cref="Interval"/> on this replica (docs/protocol.md
/// "typing"); the extra ones are dropped. Entries older than the interval are swept once the table grows.
/// </summary>
public sealed class TypingThrottle(TimeProvider time)
{
    /// <summary>The shortest time between two relayed signals of one sender in one session.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);

    /// <summary>True when this signal may be relayed (and is counted as the sender's last one).</summary>
    public bool TryAdmit(string tenant, string role, string userId, string sessionId)
    {
        var now = time.GetUtcNow();
        var key = string.Join('\n', tenant, role, userId, sessionId);
        var admitted = false;
        _last.AddOrUpdate(
            key,
            _ =>
            {
                admitted = true;
                return now;
            },
            (_, last) =>
            {
                admitted = now - last >= Interval;
                return admitted ? now : last;
            });
        if (_last.Count > SweepAbove)
        {
            Sweep(now);
        }

        return admitted;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, last) in _last)
        {
            if (now - last >= Interval)
            {
                _last.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, last));
            }
        }
    }
}
