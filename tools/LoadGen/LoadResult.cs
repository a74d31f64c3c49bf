using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>
/// What a scenario measured: named figures, a latency histogram (microseconds) when it has one, whether its goals
/// were met, and how to draw its plot when that is not the latency-by-percentile plot of <see cref="Latency"/>.
/// </summary>
public sealed record LoadResult(string Scenario, IReadOnlyList<(string Name, string Value)> Figures, HistogramBase? Latency, bool Passed)
{
    /// <summary>Draws the scenario's own plot (title, axes, series); null for the latency plot.</summary>
    public Action<ScottPlot.Plot>? Draw { get; init; }

    /// <summary>What <see cref="Latency"/> measured, for the plot's title.</summary>
    public string LatencyName { get; init; } = "visitor→agent delivery latency";

    /// <summary>The goal the run was measured against, printed with the verdict.</summary>
    public string? Goal { get; init; }
}
