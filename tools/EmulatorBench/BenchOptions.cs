namespace DaprSupport.EmulatorBench;

/// <summary>How the hop benchmark runs; <paramref name="Only"/> keeps the scenarios whose name contains it.</summary>
public sealed record BenchOptions(int Rate, TimeSpan Duration, TimeSpan Warmup, string Store, string? Only = null);
