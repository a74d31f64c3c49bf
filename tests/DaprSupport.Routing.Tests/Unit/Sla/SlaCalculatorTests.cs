using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Sla;

namespace DaprSupport.Routing.Tests.Unit.Sla;

/// <summary>The SLA maths: HdrHistogram percentiles (nearest rank), the rolling window, rates and breach counts.</summary>
public sealed class SlaCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void A_percentile_is_the_nearest_rank_of_the_values()
    {
        double[] seconds = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];

        Assert.Equal(9.0, SlaCalculator.Percentile(seconds, 90));
        Assert.Equal(10.0, SlaCalculator.Percentile(seconds, 95));
        Assert.Equal(5.0, SlaCalculator.Percentile(seconds, 50));
        Assert.Equal(42.0, SlaCalculator.Percentile([42], 90));
        Assert.Null(SlaCalculator.Percentile([], 90));
    }

    [Fact]
    public void Percentiles_keep_three_significant_digits_and_cap_at_a_week()
    {
        var p = SlaCalculator.Percentile([1234.567], 90)!.Value;
        var capped = SlaCalculator.Percentile([TimeSpan.FromDays(30).TotalSeconds], 90)!.Value;

        Assert.InRange(p, 1234.567 * 0.9995, 1234.567 * 1.0005);
        Assert.InRange(capped, TimeSpan.FromDays(7).TotalSeconds * 0.9995, TimeSpan.FromDays(7).TotalSeconds * 1.0005);
    }

    [Fact]
    public void The_report_counts_only_the_window_per_skill_and_overall()
    {
        var ledger = new SlaLedger(
            [
                Sample(-61, "billing", SlaEventKinds.Assigned, 500), // before the window
                Sample(-59, "billing", SlaEventKinds.Assigned, 10),
                Sample(-30, "billing", SlaEventKinds.Assigned, 20),
                Sample(-20, "sales", SlaEventKinds.Assigned, 40),
                Sample(-25, "billing", SlaEventKinds.FirstResponse, 30),
                Sample(-10, "sales", SlaEventKinds.FirstResponse, 60),
                Sample(-5, "billing", SlaEventKinds.Resolved, 600),
                Sample(-4, "billing", SlaEventKinds.Resolved, 700),
                Sample(-3, "billing", SlaEventKinds.Abandoned, 90),
                Sample(-2, "sales", SlaEventKinds.FirstResponseBreached),
                Sample(-1, "billing", SlaEventKinds.ResolutionBreached),
                Sample(-90, "sales", SlaEventKinds.ResolutionBreached), // before the window
            ],
            new Dictionary<string, LiveChat>());

        var report = SlaCalculator.Report(ledger, Now, Hour);

        Assert.Equal(3600, report.WindowSeconds);
        Assert.Equal(["billing", "sales"], report.Skills.Select(s => s.Skill));
        var billing = report.Skills[0];
        Assert.Equal((2, 1, (double?)30, (double?)20), (billing.Assigned, billing.FirstResponses, billing.FirstResponseP90Seconds, billing.QueueWaitP95Seconds));
        Assert.Equal((2, 1, (double?)(2.0 / 3), 0, 1), (billing.Resolved, billing.Abandoned, billing.ResolutionRate, billing.FirstResponseBreaches, billing.ResolutionBreaches));
        var sales = report.Skills[1];
        Assert.Equal((1, (double?)60, (double?)40, (double?)null, 1, 0), (sales.Assigned, sales.FirstResponseP90Seconds, sales.QueueWaitP95Seconds, sales.ResolutionRate, sales.FirstResponseBreaches, sales.ResolutionBreaches));
        var all = report.Overall;
        Assert.Null(all.Skill);
        Assert.Equal((3, 2, (double?)60, (double?)40), (all.Assigned, all.FirstResponses, all.FirstResponseP90Seconds, all.QueueWaitP95Seconds));
        Assert.Equal((2, 1, 1, 1), (all.Resolved, all.Abandoned, all.FirstResponseBreaches, all.ResolutionBreaches));
    }

    [Fact]
    public void An_empty_ledger_reports_zero_counts_and_no_figures()
    {
        var report = SlaCalculator.Report(SlaLedger.Empty, Now, Hour);

        Assert.Empty(report.Skills);
        Assert.Empty(report.Chats);
        Assert.Equal(new SlaFigures(null, 0, 0, null, null, 0, 0, null, 0, 0), report.Overall);
    }

    [Fact]
    public void Live_chats_are_listed_oldest_first()
    {
        var chats = new Dictionary<string, LiveChat>
        {
            ["s-2"] = new("s-2", "a1", "v2", "billing", Now.AddMinutes(-1)),
            ["s-1"] = new("s-1", "a2", "v1", "billing", Now.AddMinutes(-9)),
        };

        var report = SlaCalculator.Report(new SlaLedger([], chats), Now, Hour);

        Assert.Equal(["s-1", "s-2"], report.Chats.Select(c => c.SessionId));
    }

    private static SlaSample Sample(int minutes, string skill, string kind, double seconds = 0) =>
        new(Now.AddMinutes(minutes), skill, kind, seconds);
}
