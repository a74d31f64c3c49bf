using System.Diagnostics;
using HdrHistogram;

namespace DaprSupport.EmulatorBench;

/// <summary>
/// Fires calls at a fixed rate whatever the latency (open loop), and measures each from its scheduled start, so a
/// stall shows up in the percentiles instead of slowing the load down (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    public static async Task<ScenarioResult> RunAsync(string name, Func<CancellationToken, Task> call, BenchOptions options, CancellationToken cancellationToken)
    {
        await DriveAsync(call, options.Rate, options.Warmup, null, cancellationToken);
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(30), 3);
        var started = Stopwatch.GetTimestamp();
        var (sent, errors) = await DriveAsync(call, options.Rate, options.Duration, histogram, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new ScenarioResult(name, histogram, errors, sent / elapsed);
    }

    private static async Task<(long Sent, long Errors)> DriveAsync(
        Func<CancellationToken, Task> call, int rate, TimeSpan duration, LongConcurrentHistogram? histogram, CancellationToken cancellationToken)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        long errors = 0;
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var scheduled = start + (long)(i * interval);
            var wait = scheduled - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 500)
            {
                await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency) - TimeSpan.FromMilliseconds(1), cancellationToken);
            }

            while (Stopwatch.GetTimestamp() < scheduled)
            {
                Thread.SpinWait(20);
            }

            inFlight.Add(Measure(scheduled));
        }

        await Task.WhenAll(inFlight);
        return (inFlight.Count, errors);

        async Task Measure(long scheduled)
        {
            try
            {
                await call(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref errors);
                return;
            }

            var micros = (Stopwatch.GetTimestamp() - scheduled) * 1_000_000 / Stopwatch.Frequency;
            histogram?.RecordValue(Math.Max(1, micros));
        }
    }
}
