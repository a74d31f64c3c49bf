namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// The circuit breakers of one app target, one per endpoint (<c>app:method</c>), kept in a least-recently-used cache of
/// <c>circuitBreakerCacheSize</c> entries (default 100), as daprd's <c>serviceCBs</c> LRU in pkg/resiliency: an endpoint
/// pushed out of the cache starts again with a fresh, closed breaker.
/// </summary>
public sealed class EndpointBreakers(CircuitBreakerSpec template, int capacity)
{
    public const int DefaultCapacity = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Endpoint, CircuitBreaker Breaker)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Endpoint, CircuitBreaker Breaker)> _recency = new();

    public int Capacity { get; } = capacity > 0 ? capacity : DefaultCapacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The endpoint's breaker (created closed when absent), marked as most recently used.</summary>
    public CircuitBreaker For(string endpoint)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(endpoint, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Breaker;
            }

            var breaker = new CircuitBreaker(template with { Name = endpoint });
            _entries[endpoint] = _recency.AddFirst((endpoint, breaker));
            if (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Endpoint);
            }

            return breaker;
        }
    }
}
