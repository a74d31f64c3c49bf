namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Runs a timer or reminder schedule: waits for each due time and fires until the schedule ends.</summary>
internal static class ActorScheduleRunner
{
    /// <summary>Completes when the schedule is exhausted (true) or cancelled (false).</summary>
    public static async Task<bool> RunAsync(
        ActorSchedule schedule, TimeProvider time, Func<CancellationToken, Task> fire, CancellationToken cancellationToken)
    {
        var next = schedule.FirstFire;
        var fired = 0;
        try
        {
            while (true)
            {
                if (schedule.ExpiresAt is { } expires && next > expires)
                {
                    return true;
                }

                var delay = next - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await fire(cancellationToken);
                fired++;
                if (schedule.Period is not { } period || (schedule.Repetitions is { } max && fired >= max))
                {
                    return true;
                }

                next += period;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
