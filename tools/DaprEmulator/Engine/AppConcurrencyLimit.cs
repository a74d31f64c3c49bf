namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// daprd's <c>--app-max-concurrency</c> (pkg/channel/http/http_channel.go, v1.15–v1.18): a buffered channel of that
/// many slots in front of every call the HTTP app channel makes — service invocations, actor calls (methods,
/// reminders, timers, deactivation), pub/sub deliveries, <c>/dapr/config</c>, <c>/dapr/subscribe</c> — but not the
/// health probe. A call over the limit waits for a slot, it is never refused, and the wait does not watch the caller's
/// context (a plain channel send): a caller that gives up (its resiliency timeout) returns at once while its attempt
/// keeps its place in line, takes the slot when its turn comes and gives it straight back (the request to the app
/// then fails at once on the dead context). The slot is held until the app's answer is read in full.
/// </summary>
public sealed class AppConcurrencyLimit : DelegatingHandler
{
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public AppConcurrencyLimit(int maxConcurrency, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    public int MaxConcurrency { get; }

    /// <summary>Calls holding a slot now.</summary>
    public int InFlight => MaxConcurrency - _slots.CurrentCount;

    /// <summary>Calls (abandoned ones included) waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // SemaphoreSlim hands slots to asynchronous waiters first come, first served, as Go queues channel senders.
        var slot = _slots.WaitAsync(CancellationToken.None);
        if (!slot.IsCompleted)
        {
            Interlocked.Increment(ref _waiting);
            _ = slot.ContinueWith(
                _ => Interlocked.Decrement(ref _waiting), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                await slot.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up; its attempt still takes the slot in turn and gives it back at once.
                _ = slot.ContinueWith(
                    _ => _slots.Release(), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        finally
        {
            _slots.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Also disposes the inner handler (the channel's pool), which the channel disposes last anyway.
        if (disposing)
        {
            _slots.Dispose();
        }

        base.Dispose(disposing);
    }
}
