namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>The state machine of one circuit breaker (closed → open → half-open), as sony/gobreaker in daprd.</summary>
public sealed class CircuitBreaker(CircuitBreakerSpec spec, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private int _consecutiveSuccesses;
    private int _halfOpenRequests;
    private DateTimeOffset _expiry = DateTimeOffset.MaxValue;

    public CircuitBreakerSpec Spec { get; } = spec;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                Refresh();
                return _state;
            }
        }
    }

    /// <summary>Admits a request or throws <see cref="CircuitOpenException"/>.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            Refresh();
            if (_state == CircuitState.Open || (_state == CircuitState.HalfOpen && _halfOpenRequests >= Spec.MaxRequests))
            {
                throw new CircuitOpenException(Spec.Name, _state);
            }

            if (_state == CircuitState.HalfOpen)
            {
                _halfOpenRequests++;
            }
        }
    }

    public void Record(bool success)
    {
        lock (_gate)
        {
            Refresh();
            if (success)
            {
                _consecutiveFailures = 0;
                _consecutiveSuccesses++;
                if (_state == CircuitState.HalfOpen && _consecutiveSuccesses >= Spec.MaxRequests)
                {
                    Switch(CircuitState.Closed);
                }

                return;
            }

            _consecutiveSuccesses = 0;
            _consecutiveFailures++;
            if (_state == CircuitState.HalfOpen || (_state == CircuitState.Closed && Spec.ShouldTrip(_consecutiveFailures)))
            {
                Switch(CircuitState.Open);
            }
        }
    }

    private void Refresh()
    {
        var now = _time.GetUtcNow();
        if (now < _expiry)
        {
            return;
        }

        if (_state == CircuitState.Open)
        {
            Switch(CircuitState.HalfOpen);
        }
        else if (_state == CircuitState.Closed)
        {
            Switch(CircuitState.Closed);
        }
    }

    private void Switch(CircuitState state)
    {
        _state = state;
        _consecutiveFailures = 0;
        _consecutiveSuccesses = 0;
        _halfOpenRequests = 0;
        var now = _time.GetUtcNow();
        _expiry = state switch
        {
            CircuitState.Open => now + Spec.Timeout,
            CircuitState.Closed when Spec.Interval > TimeSpan.Zero => now + Spec.Interval,
            _ => DateTimeOffset.MaxValue,
        };
    }
}

public enum CircuitState
{
    Closed,
    HalfOpen,
    Open,
}

/// <summary>A call refused because its circuit breaker is open (daprd: "circuit breaker is open").</summary>
public sealed class CircuitOpenException : Exception
{
    public CircuitOpenException(string name, CircuitState state)
        : base(state == CircuitState.Open ? "circuit breaker is open" : "too many requests")
    {
        BreakerName = name;
    }

    public CircuitOpenException()
    {
        BreakerName = string.Empty;
    }

    public CircuitOpenException(string message)
        : base(message)
    {
        BreakerName = string.Empty;
    }

    public CircuitOpenException(string message, Exception inner)
        : base(message, inner)
    {
        BreakerName = string.Empty;
    }

    public string BreakerName { get; }
}
