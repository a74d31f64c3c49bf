using System.Globalization;
using System.Text;
using HdrHistogram;
using ScottPlot;

namespace DaprSupport.LoadGen;

/// <summary>Prints the result, writes the Markdown table and the latency plot; exit code 0 when the goals were met.</summary>
public static class Report
{
    private static readonly double[] PlotPercentiles = [50, 75, 90, 95, 99, 99.5, 99.9, 99.99];

    public static async Task<int> WriteAsync(CommonOptions options, LoadResult result, CancellationToken ct)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Scenario `{result.Scenario}` against {options.Url} (tenant {options.Tenant}), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine("| figure | value |");
        sb.AppendLine("|---|---|");
        foreach (var (name, value) in result.Figures)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        if (result.Goal is { } goal)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| goal | {goal} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| goals met | {(result.Passed ? "yes" : "no")} |");
        var table = sb.ToString();
        Console.WriteLine();
        Console.WriteLine(table);
        if (options.Markdown is { } markdown)
        {
            await File.WriteAllTextAsync(markdown.FullName, table, ct);
        }

        if (options.Hgrm is { } hgrm && result.Latency is { } distribution && distribution.TotalCount > 0)
        {
            await using (var writer = new StreamWriter(hgrm.FullName))
            {
                // Recorded in microseconds; the distribution is written in milliseconds.
                distribution.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1000.0);
            }

            Console.WriteLine($"percentile distribution: {hgrm.FullName}");
        }

        if (options.Plot is { } ownPlotFile && result.Draw is { } draw)
        {
            var plot = new Plot();
            draw(plot);
            plot.SavePng(ownPlotFile.FullName, 900, 500);
            Console.WriteLine($"plot: {ownPlotFile.FullName}");
        }
        else if (options.Plot is { } plotFile && result.Latency is { } latency && latency.TotalCount > 0)
        {
            var plot = new Plot();
            var xs = PlotPercentiles.Select(p => -Math.Log10(1 - (p / 100))).ToArray();
            var ys = PlotPercentiles.Select(p => Percentiles.Ms(latency, p)).ToArray();
            plot.Add.Scatter(xs, ys);
            plot.Axes.Bottom.SetTicks(xs, [.. PlotPercentiles.Select(p => p.ToString(CultureInfo.InvariantCulture) + "%")]);
            plot.Title($"{result.Scenario}: {result.LatencyName} by percentile");
            plot.YLabel("ms");
            plot.XLabel("percentile");
            plot.SavePng(plotFile.FullName, 900, 500);
            Console.WriteLine($"plot: {plotFile.FullName}");
        }

        return result.Passed ? 0 : 1;
    }
}
