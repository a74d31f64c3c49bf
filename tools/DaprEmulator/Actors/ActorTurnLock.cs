namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// The per-actor lock that makes actors turn-based: one call, timer or reminder at a time, granted in arrival
/// (FIFO) order. With reentrancy enabled, a request carrying the reentrancy id of the chain that holds the lock
/// enters at once, up to the type's maximum stack depth.
/// </summary>
internal sealed class ActorTurnLock
{
    private readonly Lock _gate = new();
    private readonly Queue<(TaskCompletionSource Granted, string? ReentrancyId)> _waiters = new();
    private string? _holderReentrancyId;
    private int _depth;

    /// <summary>Calls holding or waiting for the lock; an actor with pending work is never idle.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _depth + _waiters.Count;
            }
        }
    }

    public async Task<IDisposable> AcquireAsync(string? reentrancyId, int maxStackDepth, CancellationToken cancellationToken)
    {
        TaskCompletionSource granted;
        lock (_gate)
        {
            if (_depth == 0)
            {
                _depth = 1;
                _holderReentrancyId = reentrancyId;
                return new Release(this);
            }

            if (reentrancyId is not null && reentrancyId == _holderReentrancyId)
            {
                if (_depth >= maxStackDepth)
                {
                    throw new ActorReentrancyDepthException(maxStackDepth);
                }

                _depth++;
                return new Release(this);
            }

            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((granted, reentrancyId));
        }

        // A cancelled waiter stays queued with a cancelled source; ReleaseOne skips it.
        using (cancellationToken.Register(() => granted.TrySetCanceled(cancellationToken)))
        {
            await granted.Task;
        }

        return new Release(this);
    }

    private void ReleaseOne()
    {
        lock (_gate)
        {
            if (--_depth > 0)
            {
                return;
            }

            _holderReentrancyId = null;
            while (_waiters.TryDequeue(out var next))
            {
                _depth = 1;
                _holderReentrancyId = next.ReentrancyId;
                if (next.Granted.TrySetResult())
                {
                    return;
                }

                _depth = 0;
                _holderReentrancyId = null;
            }
        }
    }

    private sealed class Release(ActorTurnLock owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.ReleaseOne();
            }
        }
    }
}

/// <summary>A reentrant call chain went deeper than the type's <c>maxStackDepth</c>.</summary>
internal sealed class ActorReentrancyDepthException(int maxStackDepth)
    : Exception($"maximum stack depth exceeded: {maxStackDepth}");
