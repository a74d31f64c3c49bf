using System.Text.Json;
using DaprSupport.Foundation.Tests.Drift;
using YamlDotNet.Serialization;

namespace DaprSupport.Foundation.Tests.Monitoring;

/// <summary>What deploy/k8s/monitoring ships: the PrometheusRule's groups and every dashboard panel's queries.</summary>
public static class MonitoringFiles
{
    public const string Dir = "deploy/k8s/monitoring";

    public static string FullPath(string relative) => Path.Combine(RepoSnapshot.Root, Dir, relative);

    /// <summary>The PrometheusRule's <c>spec</c>, which is a plain Prometheus rule file (<c>groups:</c>).</summary>
    public static string RuleFileYaml()
    {
        var rule = YamlTree.ParseAll(File.ReadAllText(FullPath("alerts.yaml"))).Single();
        return new SerializerBuilder().Build().Serialize(YamlTree.At(rule, "spec"));
    }

    /// <summary>Every alerting and recording rule as its mapping.</summary>
    public static IReadOnlyList<IDictionary<object, object?>> Rules()
    {
        var rule = YamlTree.ParseAll(File.ReadAllText(FullPath("alerts.yaml"))).Single();
        return
        [
            .. ((IList<object?>)YamlTree.At(rule, "spec", "groups")!)
                .SelectMany(g => (IList<object?>)YamlTree.At(g, "rules")!)
                .Cast<IDictionary<object, object?>>(),
        ];
    }

    /// <summary>(dashboard file, panel title, PromQL) for every target of every panel, template variables filled in.</summary>
    public static IReadOnlyList<(string Dashboard, string Panel, string Expr)> DashboardQueries()
    {
        var queries = new List<(string, string, string)>();
        foreach (var file in Directory.EnumerateFiles(FullPath("dashboards"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    var expr = target.GetProperty("expr").GetString()!.Replace("$tenant", ".*", StringComparison.Ordinal);
                    queries.Add((Path.GetFileName(file), panel.GetProperty("title").GetString()!, expr));
                }
            }
        }

        return queries;
    }
}
