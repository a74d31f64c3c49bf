using ScottPlot;

namespace DaprSupport.PromPlot;

/// <summary>
/// Renders a panel's series as Grafana would show them: one line per series, named by the legend format, time on the
/// x axis; <c>percentunit</c> as percent; series whose legend starts with "target" dashed (the SLO panels' targets).
/// </summary>
public static class PanelChart
{
    public static void Save(DashboardPanel panel, IReadOnlyList<(PanelTarget Target, RangeSeries Series)> series, string caption, string path)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(panel.Title);
        var time = plot.Axes.DateTimeTicksBottom();
        if (time.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = t => t.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        }

        var scale = panel.Unit == "percentunit" ? 100 : 1;
        plot.YLabel(UnitLabel(panel.Unit));
        plot.XLabel(caption);
        foreach (var (target, one) in series.Where(s => s.Series.Points.Count > 0))
        {
            var xs = one.Points.Select(p => DateTimeOffset.FromUnixTimeMilliseconds((long)(p.Time * 1000)).UtcDateTime.ToOADate()).ToArray();
            var ys = one.Points.Select(p => p.Value * scale).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = LegendFormat.Apply(target.LegendFormat, one.Labels);
            line.LineWidth = 2;
            if (line.LegendText.StartsWith("target", StringComparison.Ordinal))
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        if (series.All(s => s.Series.Points.Count == 0))
        {
            plot.Add.Annotation("no series in this window (the counter has not moved)");
        }
        else
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        // Counts, latencies and ratios: the y axis starts at 0, as Grafana's panels here do.
        var top = series.SelectMany(s => s.Series.Points).Select(p => p.Value * scale).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, top <= 0 ? 1 : top * 1.15);
        plot.SavePng(path, 1000, 420);
    }

    private static string UnitLabel(string unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "percentunit" => "percent",
        _ => string.Empty,
    };
}
