namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// One tenant's dispatch on this replica: its passes (one at a time, requests merged), the sessions waiting for the
/// next pass to enqueue them, and whether a retry loop is already running for it (one per tenant, so a burst of failed
/// passes never starts a burst of retries).
/// </summary>
internal sealed class TenantDispatch
{
    private int _retrying;
    private int _failedMeanwhile;
    private long _passesStarted;

    public TenantDispatch(Func<TenantDispatch, Task> pass)
    {
        Coalescer = new DispatchCoalescer(() => pass(this));
    }

    public PendingEnqueues Pending { get; } = new();

    public DispatchCoalescer Coalescer { get; }

    /// <summary>How many passes have started (counted before each pass's first router turn).</summary>
    public long PassesStarted => Interlocked.Read(ref _passesStarted);

    public void PassStarting() => Interlocked.Increment(ref _passesStarted);

    /// <summary>True for the failure that starts the retry loop; a failure while it runs only marks itself.</summary>
    public bool TryStartRetrying()
    {
        if (Interlocked.CompareExchange(ref _retrying, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _failedMeanwhile, 0);
            return true;
        }

        Interlocked.Exchange(ref _failedMeanwhile, 1);
        return false;
    }

    /// <summary>Whether another pass failed since the loop started or last looked (and forgets it).</summary>
    public bool TakeFailedMeanwhile() => Interlocked.Exchange(ref _failedMeanwhile, 0) == 1;

    public void StopRetrying() => Interlocked.Exchange(ref _retrying, 0);
}
