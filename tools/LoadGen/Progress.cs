namespace DaprSupport.LoadGen;

/// <summary>Prints one status line a second until disposed.</summary>
public sealed class Progress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Progress(Func<string> status)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            var started = DateTime.UtcNow;
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    Console.WriteLine($"[{(DateTime.UtcNow - started).TotalSeconds,5:0}s] {status()}");
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
