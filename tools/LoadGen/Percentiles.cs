using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>Percentiles in milliseconds of a histogram recorded in microseconds (0 while it is empty).</summary>
public static class Percentiles
{
    public static double Ms(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMs(HistogramBase histogram) => histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0;
}
