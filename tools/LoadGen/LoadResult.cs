using HdrHistogram;

namespace DaprSupport.LoadGen;

/// <summary>What a scenario measured: named figures, and a latency histogram (microseconds) when it has one.</summary>
public sealed record LoadResult(string Scenario, IReadOnlyList<(string Name, string Value)> Figures, HistogramBase? Latency, bool Passed);
