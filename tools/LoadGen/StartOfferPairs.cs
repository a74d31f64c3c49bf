using System.Collections.Concurrent;
using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>
/// Pairs a session's start (known to the visitor once its ack names the session) with its first offer (seen by an
/// agent, possibly before that ack), and records the time between them once both are known.
/// </summary>
public sealed class StartOfferPairs(HistogramBase latency)
{
    private readonly ConcurrentDictionary<string, (long? Started, long? Offered)> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _done = new(StringComparer.Ordinal);

    /// <summary>The visitor sent <c>start</c> at <paramref name="timestamp"/> (Stopwatch ticks) for this session.</summary>
    public void Started(string sessionId, long timestamp) => Complete(sessionId, _pending.AddOrUpdate(sessionId,
        _ => (timestamp, null), (_, p) => (p.Started ?? timestamp, p.Offered)));

    /// <summary>An agent received an offer of this session at <paramref name="timestamp"/>; only the first counts.</summary>
    public void Offered(string sessionId, long timestamp) => Complete(sessionId, _pending.AddOrUpdate(sessionId,
        _ => (null, timestamp), (_, p) => (p.Started, p.Offered ?? timestamp)));

    private void Complete(string sessionId, (long? Started, long? Offered) pair)
    {
        if (pair is { Started: { } started, Offered: { } offered } && _done.TryAdd(sessionId, 0))
        {
            _pending.TryRemove(sessionId, out _);
            lock (latency)
            {
                latency.RecordValue(Math.Max(1, (long)((offered - started) * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency)));
            }
        }
    }
}
