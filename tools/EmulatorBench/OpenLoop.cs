using System.Diagnostics;
using HdrHistogram;

namespace DaprSupport.EmulatorBench;

/// <summary>
/// Fires calls at a fixed rate whatever the latency (open loop: the driver never waits for an answer, so a stall
/// shows up in the percentiles instead of slowing the load down). The driver is a dedicated thread that sleeps between
/// calls rather than spinning, so it does not take a core from the sidecars it measures on a small machine; it wakes
/// with the OS timer's granularity (about 1 ms), fires every call that is due, and records how late each was sent.
/// Latency is measured from the moment a call is sent.
/// </summary>
public static class OpenLoop
{
    public static async Task<ScenarioResult> RunAsync(string name, Func<CancellationToken, Task> call, BenchOptions options, CancellationToken cancellationToken)
    {
        await DriveAsync(call, options.Rate, options.Warmup, null, null, cancellationToken);
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(30), 3);
        var lateness = new LongHistogram(TimeStamp.Seconds(30), 3);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var loadBefore = LoadAverage.Read();
        var started = Stopwatch.GetTimestamp();
        var (sent, errors) = await DriveAsync(call, options.Rate, options.Duration, histogram, lateness, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var cpuPerCall = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, sent);
        return new ScenarioResult(name, histogram, errors, sent / elapsed, cpuPerCall, LoadAverage.Max(loadBefore, LoadAverage.Read()),
            lateness.GetValueAtPercentile(99) / 1000.0);
    }

    private static async Task<(long Sent, long Errors)> DriveAsync(
        Func<CancellationToken, Task> call, int rate, TimeSpan duration, LongConcurrentHistogram? histogram, LongHistogram? lateness, CancellationToken cancellationToken)
    {
        var total = (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / (double)rate;
        long errors = 0;
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        await Task.Factory.StartNew(
            () =>
            {
                var start = Stopwatch.GetTimestamp();
                for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
                {
                    var scheduled = start + (long)(i * interval);
                    while (Stopwatch.GetTimestamp() < scheduled)
                    {
                        Thread.Sleep(1);
                    }

                    var sentAt = Stopwatch.GetTimestamp();
                    lateness?.RecordValue(Math.Max(1, (sentAt - scheduled) * 1_000_000 / Stopwatch.Frequency));
                    inFlight.Add(Measure(sentAt));
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await Task.WhenAll(inFlight);
        return (inFlight.Count, errors);

        async Task Measure(long sentAt)
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

            var micros = (Stopwatch.GetTimestamp() - sentAt) * 1_000_000 / Stopwatch.Frequency;
            histogram?.RecordValue(Math.Max(1, micros));
        }
    }
}
