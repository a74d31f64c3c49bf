using HdrHistogram;

namespace DaprSupport.EmulatorBench;

/// <summary>
/// Latencies of one scenario (microseconds), how many calls failed, the whole process's CPU time per call (client,
/// sidecars, app and store all run in it, so this is the work a call costs, steadier than latency on a busy machine)
/// the machine's 1-minute load average seen around the run (null where the OS does not report one) and the p99 of how
/// late the driver sent calls (ms).
/// </summary>
public sealed record ScenarioResult(string Name, HistogramBase Histogram, long Errors, double AchievedRate, double CpuMicrosPerCall, double? LoadAverage, double SendLatenessP99)
{
    public double Percentile(double p) => Histogram.GetValueAtPercentile(p) / 1000.0;
}
