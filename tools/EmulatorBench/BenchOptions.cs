namespace DaprSupport.EmulatorBench;

public sealed record BenchOptions(int Rate, TimeSpan Duration, TimeSpan Warmup, string Store);
