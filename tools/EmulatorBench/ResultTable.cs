using System.Globalization;
using System.Text;
using HdrHistogram;

namespace DaprSupport.EmulatorBench;

public static class ResultTable
{
    public static string ToMarkdown(BenchOptions options, IReadOnlyList<ScenarioResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Open loop at {options.Rate} req/s for {options.Duration.TotalSeconds:0} s per scenario (after {options.Warmup.TotalSeconds:0} s warm-up), store: {options.Store}, {Environment.ProcessorCount} cores.");
        sb.AppendLine("Latency is from send to answer; CPU µs/call is the whole process's CPU time (client, sidecars, app, store) per call; " +
            "load avg is the machine's 1-minute load average during the run.");
        sb.AppendLine();
        sb.AppendLine("| scenario | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | CPU µs/call | load avg | send late p99 ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.AchievedRate:0} | {r.Percentile(50):0.000} | {r.Percentile(90):0.000} | {r.Percentile(99):0.000} | {r.Percentile(99.9):0.000} | {r.Histogram.GetMaxValue() / 1000.0:0.000} | {r.Errors} | {r.CpuMicrosPerCall:0} | {r.LoadAverage?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"} | {r.SendLatenessP99:0.000} |");
        }

        sb.AppendLine();
        sb.AppendLine("Added latency per hop (sidecar scenario minus its direct baseline, same percentile):");
        sb.AppendLine();
        sb.AppendLine("| hop | p50 ms | p99 ms | CPU µs/call |");
        sb.AppendLine("|---|---:|---:|---:|");
        foreach (var (hop, with, without) in Pairs(results))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {hop} | {with.Percentile(50) - without.Percentile(50):0.000} | {with.Percentile(99) - without.Percentile(99):0.000} | {with.CpuMicrosPerCall - without.CpuMicrosPerCall:0} |");
        }

        return sb.ToString();
    }

    private static IEnumerable<(string Hop, ScenarioResult With, ScenarioResult Without)> Pairs(IReadOnlyList<ScenarioResult> results)
    {
        foreach (var with in results.Where(r => r.Name.EndsWith(" via sidecar", StringComparison.Ordinal)))
        {
            var hop = with.Name[..^" via sidecar".Length];
            var without = results.FirstOrDefault(r => r.Name == hop + " direct");
            if (without is not null)
            {
                yield return (hop, with, without);
            }
        }
    }
}
