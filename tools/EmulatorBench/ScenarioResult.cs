using HdrHistogram;

namespace DaprSupport.EmulatorBench;

/// <summary>Latencies of one scenario (microseconds), and how many calls failed.</summary>
public sealed record ScenarioResult(string Name, HistogramBase Histogram, long Errors, double AchievedRate)
{
    public double Percentile(double p) => Histogram.GetValueAtPercentile(p) / 1000.0;
}
