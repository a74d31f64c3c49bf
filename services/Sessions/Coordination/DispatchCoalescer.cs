namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// Runs one tenant's dispatch passes one at a time and merges requests: whoever asks while a pass runs shares the
/// single pass that starts after it (which sees their change). A burst of N creates costs about two passes, not N.
/// </summary>
internal sealed class DispatchCoalescer(Func<Task> pass)
{
    private readonly Lock _gate = new();
    private Task? _running;
    private Task? _next;

    /// <summary>Completes when a pass that started after this call has finished.</summary>
    public Task RequestAsync()
    {
        lock (_gate)
        {
            if (_next is not null)
            {
                return _next;
            }

            if (_running is null || _running.IsCompleted)
            {
                _running = Start(previous: null);
                return _running;
            }

            _next = Start(_running);
            return _next;
        }
    }

    private Task Start(Task? previous) => Task.Run(async () =>
    {
        if (previous is not null)
        {
            try
            {
                await previous;
            }
            catch (Exception)
            {
                // Its own callers saw that failure; this pass runs regardless.
            }

            lock (_gate)
            {
                _running = _next;
                _next = null;
            }
        }

        await pass();
    });
}
