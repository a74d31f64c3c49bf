using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary><c>chat --find-max</c>: the per-visitor rate of each step is <c>FirstRate + i × Step</c>, for <c>Steps</c> steps of <c>StepDuration</c>.</summary>
public sealed record RampOptions(double FirstRate, double Step, int Steps, TimeSpan StepDuration)
{
    public double RateOf(int step) => FirstRate + (step * Step);
}

/// <summary>
/// One step of a ramp: what was offered (senders × rate), sent and delivered during it, the backlog (sent but not yet
/// delivered, since the ramp began) at its start and end, and its delivery p99.
/// </summary>
public sealed record RampStep(double RatePerVisitor, int Senders, TimeSpan Duration, long Sent, long Delivered, long BacklogBefore, long BacklogAfter, double P99Ms)
{
    /// <summary>Messages legitimately in flight at any instant: 100 ms of the offered rate (at least one).</summary>
    public long InFlight => Math.Max(1, (long)Math.Ceiling(Offered * 0.1));

    /// <summary>Messages per second the senders were asked for.</summary>
    public double Offered => Senders * RatePerVisitor;

    public double SentPerSecond => Sent / Duration.TotalSeconds;

    public double DeliveredPerSecond => Delivered / Duration.TotalSeconds;

    public long BacklogGrowth => BacklogAfter - BacklogBefore;

    /// <summary>Kept up: messages were sent, everything sent was delivered but what is in flight, and the backlog did not grow.</summary>
    public bool KeptUp => Sent > 0 && Delivered >= Sent - InFlight && BacklogGrowth <= InFlight && BacklogAfter <= InFlight;
}

/// <summary>The verdict and report of a ramp.</summary>
public static class RampReport
{
    public const double GoalRate = 2000;

    /// <summary>The fastest step that kept up (its sent rate), or null when none did.</summary>
    public static RampStep? Highest(IReadOnlyList<RampStep> steps) =>
        steps.Where(s => s.KeptUp).MaxBy(s => s.SentPerSecond);

    public static string Line(int index, RampStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return string.Create(CultureInfo.InvariantCulture,
            $"step {index + 1}: {step.Offered:0} msg/s offered ({step.Senders} × {step.RatePerVisitor:0.##}), sent {step.Sent} ({step.SentPerSecond:0}/s), " +
            $"delivered {step.Delivered} ({step.DeliveredPerSecond:0}/s), backlog {step.BacklogBefore} → {step.BacklogAfter}, p99 {step.P99Ms:0.0} ms, " +
            $"{(step.KeptUp ? "kept up" : "fell behind")}");
    }

    public static LoadResult Result(IReadOnlyList<RampStep> steps, IEnumerable<(string Name, string Value)> setup, IEnumerable<(string Name, string Value)> whereItGoes)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var inv = CultureInfo.InvariantCulture;
        var highest = Highest(steps);
        var figures = setup.ToList();
        figures.AddRange(steps.Select((s, i) => (FormattableString.Invariant($"step {i + 1}: {s.Offered:0} msg/s offered"), FormattableString.Invariant(
            $"sent {s.Sent} / delivered {s.Delivered}, backlog growth {s.BacklogGrowth}, p99 {s.P99Ms:0.0} ms, {(s.KeptUp ? "kept up" : "fell behind")}"))));
        figures.Add(("highest rate with delivered = sent and no backlog growth", highest is null
            ? "none of the steps"
            : string.Create(inv, $"{highest.SentPerSecond:0} msg/s (p99 {highest.P99Ms:0.0} ms)")));
        figures.AddRange(whereItGoes);
        return new LoadResult("ramp", figures, null, highest is { } h && h.SentPerSecond >= GoalRate)
        {
            Goal = string.Create(inv, $"≥ {GoalRate:0} msg/s with delivered = sent and no backlog growth over a step"),
            Draw = plot => Draw(plot, steps),
        };
    }

    private static void Draw(ScottPlot.Plot plot, IReadOnlyList<RampStep> steps)
    {
        var offered = steps.Select(s => s.Offered).ToArray();
        var delivered = plot.Add.Scatter(offered, steps.Select(s => s.DeliveredPerSecond).ToArray());
        delivered.LegendText = "delivered msg/s";
        var sent = plot.Add.Scatter(offered, steps.Select(s => s.SentPerSecond).ToArray());
        sent.LegendText = "sent msg/s";
        var p99 = plot.Add.Scatter(offered, steps.Select(s => s.P99Ms).ToArray());
        p99.LegendText = "p99 ms (right)";
        p99.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "p99 ms";
        plot.ShowLegend();
        plot.Title("ramp: delivered rate and p99 by offered rate");
        plot.XLabel("offered msg/s");
        plot.YLabel("msg/s");
    }
}
