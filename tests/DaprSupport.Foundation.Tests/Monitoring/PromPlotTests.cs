using System.Text.RegularExpressions;
using DaprSupport.PromPlot;
using DaprSupport.Testing;
using DaprSupport.Testing.Monitoring;

namespace DaprSupport.Foundation.Tests.Monitoring;

/// <summary>tools/PromPlot, which draws the README's panels from Prometheus: panel choice, legends and range answers.</summary>
public sealed partial class PromPlotTests
{
    private static IReadOnlyList<DashboardPanel> ShippedPanels() =>
    [
        .. Directory.EnumerateFiles(ShippedMonitoring.FullPath("dashboards"), "*.json").Order(StringComparer.Ordinal)
            .SelectMany(DashboardPanel.Read),
    ];

    [Fact]
    public void Every_panel_tools_plots_sh_names_is_one_panel_of_the_shipped_dashboards()
    {
        var script = File.ReadAllText(Path.Combine(RepoFiles.Root(), "tools", "plots.sh"));
        var list = PanelList().Match(script);
        Assert.True(list.Success, "tools/plots.sh has no panels=( … ) list");
        var selectors = Quoted().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();

        var panels = ShippedPanels();
        var chosen = selectors.Select(s => DashboardPanel.Select(panels, s)).ToList();

        Assert.True(selectors.Count >= 8, $"only {selectors.Count} panels");
        Assert.Equal(chosen.Count, chosen.Select(p => p.FileName).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(chosen, p => p.Dashboard == "slo-overview" && p.Title.StartsWith("First response P90", StringComparison.Ordinal));
        Assert.Contains(chosen, p => p.Dashboard == "gateway" && p.Title.StartsWith("Delivery latency", StringComparison.Ordinal));
    }

    [Fact]
    public void A_panel_is_chosen_by_its_exact_title_or_a_unique_prefix_and_a_bad_choice_says_what_exists()
    {
        var panels = ShippedPanels();

        Assert.Equal("Open connections (WebSocket + long-poll)", DashboardPanel.Select(panels, "gateway/Open connections").Title);
        Assert.Equal("gateway--open-connections-websocket-long-poll.png", DashboardPanel.Select(panels, "gateway/Open connections").FileName);
        var missing = Assert.Throws<ArgumentException>(() => DashboardPanel.Select(panels, "gateway/Nothing like this"));
        Assert.Contains("Closes per minute by code", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DashboardPanel.Select(panels, "slo-overview/S"));
        Assert.Throws<ArgumentException>(() => DashboardPanel.Select(panels, "no-dashboard-name"));
    }

    [Fact]
    public void Panels_keep_their_unit_and_fill_the_tenant_variable_as_all()
    {
        var resolution = DashboardPanel.Select(ShippedPanels(), "slo-overview/Resolution rate");

        Assert.Equal("percentunit", resolution.Unit);
        Assert.All(resolution.Targets, t => Assert.DoesNotContain("$tenant", t.Expr, StringComparison.Ordinal));
        Assert.Contains(resolution.Targets, t => t.Expr.Contains("tenant=~\".*\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Legends_follow_grafanas_format_with_missing_labels_empty()
    {
        var labels = new Dictionary<string, string> { ["tenant"] = "demo", ["skill"] = "general" };

        Assert.Equal("P90 demo/general", LegendFormat.Apply("P90 {{tenant}}/{{ skill }}", labels));
        Assert.Equal("demo", LegendFormat.Apply("{{tenant}} {{pod}}", labels));
        Assert.Equal("{tenant=\"demo\", skill=\"general\"}", LegendFormat.Apply(string.Empty, labels));
        Assert.Equal("value", LegendFormat.Apply(string.Empty, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_range_answer_becomes_series_with_nan_and_infinity_left_as_gaps_and_an_error_throws()
    {
        const string body = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"pod":"gateway-0"},"values":[[1700000000,"1.5"],[1700000005,"NaN"],[1700000010,"+Inf"],[1700000015,"2"]]}]}}
            """;

        var series = Assert.Single(PrometheusRange.Parse(body, "up"));

        Assert.Equal("gateway-0", series.Labels["pod"]);
        Assert.Equal([(1700000000d, 1.5), (1700000015d, 2d)], series.Points);
        var error = Assert.Throws<InvalidOperationException>(() =>
            PrometheusRange.Parse("""{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""", "up("));
        Assert.Contains("parse error at char 3", error.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"panels=\((.*?)\n\)", RegexOptions.Singleline)]
    private static partial Regex PanelList();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
