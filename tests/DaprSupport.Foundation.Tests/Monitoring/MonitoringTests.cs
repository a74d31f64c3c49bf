using System.Text.RegularExpressions;
using DaprSupport.Foundation.Tests.Drift;
using DaprSupport.Testing.Monitoring;
using YamlDotNet.Serialization;

namespace DaprSupport.Foundation.Tests.Monitoring;

/// <summary>
/// The shipped alerts and dashboards are checked, not hoped: promtool parses every rule and every dashboard query,
/// runs the alert unit tests, and every metric they name is one the services or daprd export.
/// </summary>
public sealed partial class MonitoringTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("monitoring-");

    /// <summary>daprd's metrics the monitoring uses (dapr/dapr docs/development/dapr-metrics.md, v1.15–v1.17).</summary>
    private static readonly HashSet<string> DaprdMetrics =
    [
        "dapr_component_state_count", "dapr_component_state_latencies",
        "dapr_component_pubsub_ingress_count", "dapr_component_pubsub_egress_count",
        "dapr_runtime_actor_pending_actor_calls", "dapr_resiliency_activations_total",
        "dapr_runtime_component_init_fail_total",
    ];

    [Fact]
    public async Task Every_rule_parses_with_promtool()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "rules.yaml"), ShippedMonitoring.RuleFileYaml());

        var (exit, output) = await Promtool.RunAsync(_dir.FullName, "check", "rules", "rules.yaml");

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {ShippedMonitoring.Rules().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_unit_tests_fire_each_alert_on_its_example_series()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "rules.yaml"), ShippedMonitoring.RuleFileYaml());
        File.Copy(Path.Combine(RepoSnapshot.Root, "tests", "DaprSupport.Foundation.Tests", "Monitoring", "rules-tests.yaml"),
            Path.Combine(_dir.FullName, "rules-tests.yaml"));

        var (exit, output) = await Promtool.RunAsync(_dir.FullName, "test", "rules", "rules-tests.yaml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_query_parses_with_promtool()
    {
        var queries = ShippedMonitoring.DashboardQueries();
        var rules = queries.Select((q, i) => new Dictionary<string, string> { ["record"] = $"dashboard:query:{i}", ["expr"] = q.Expr });
        var file = new { groups = new[] { new { name = "dashboards", rules } } };
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "dashboards.yaml"), new SerializerBuilder().Build().Serialize(file));

        var (exit, output) = await Promtool.RunAsync(_dir.FullName, "check", "rules", "dashboards.yaml");

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {queries.Count} rules found", output, StringComparison.Ordinal);
        Assert.True(queries.Count >= 25, $"only {queries.Count} dashboard queries");
    }

    [Fact]
    public void Every_metric_the_monitoring_names_is_exported_by_a_service_or_by_daprd()
    {
        var known = ServiceMetricNames();
        known.UnionWith(DaprdMetrics);
        var expressions = ShippedMonitoring.Rules().Select(r => (string)r["expr"]!)
            .Concat(ShippedMonitoring.DashboardQueries().Select(q => q.Expr));
        var missing = expressions
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .Distinct(StringComparer.Ordinal)
            .Where(m => !known.Contains(m) && !known.Contains(BaseName(m)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "named by the monitoring but exported by nothing: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_runbook()
    {
        var alerts = ShippedMonitoring.Rules().Where(r => r.ContainsKey("alert")).ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
        {
            Assert.Contains((string?)YamlTree.At(a, "labels", "severity"), new[] { "info", "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace((string?)YamlTree.At(a, "annotations", "summary")), (string)a["alert"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)YamlTree.At(a, "annotations", "runbook")), (string)a["alert"]!);
        });
    }

    [Fact]
    public void The_readme_lists_every_alert_with_its_duration_and_severity()
    {
        var readme = File.ReadAllText(Path.Combine(RepoSnapshot.Root, "README.md"));
        var rows = AlertRow().Matches(readme).ToDictionary(m => m.Groups["name"].Value, m => m, StringComparer.Ordinal);
        var alerts = ShippedMonitoring.Rules().Where(r => r.ContainsKey("alert")).ToList();

        Assert.Equal(alerts.Select(a => (string)a["alert"]!).Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(alerts, a =>
        {
            var row = rows[(string)a["alert"]!];
            Assert.Equal((string?)YamlTree.At(a, "labels", "severity"), row.Groups["severity"].Value);
            if (a.TryGetValue("for", out var duration) && duration is string d)
            {
                var minutes = d.TrimEnd('m');
                Assert.Contains($"for {minutes} min", row.Groups["when"].Value, StringComparison.Ordinal);
            }
        });
    }

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Metric names the services create (prometheus-net names as string literals) plus prometheus-net's own.</summary>
    private static HashSet<string> ServiceMetricNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "http_requests_received_total" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoSnapshot.Root, "services"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in QuotedMetricName().Matches(File.ReadAllText(file)))
            {
                names.Add(m.Groups[1].Value);
            }
        }

        return names;
    }

    /// <summary>A histogram's series name without its _bucket/_count/_sum suffix.</summary>
    private static string BaseName(string series) => HistogramSuffix().Replace(series, string.Empty);

    [GeneratedRegex(@"\b(?:support|dapr|http)_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"""((?:support|http)_[a-z_]+)""")]
    private static partial Regex QuotedMetricName();

    [GeneratedRegex(@"^\| `(?<name>[A-Za-z0-9]+)` \| (?<when>[^|]+) \| (?<severity>info|warning|critical) \|$", RegexOptions.Multiline)]
    private static partial Regex AlertRow();

    [GeneratedRegex(@"_(?:bucket|count|sum)$")]
    private static partial Regex HistogramSuffix();
}
