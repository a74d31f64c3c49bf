using System.Text.Json;
using System.Text.RegularExpressions;
using DaprSupport.Testing;
using YamlDotNet.Serialization;

namespace DaprSupport.System.Tests.Monitoring;

/// <summary>deploy/k8s/monitoring as Prometheus loads it: the PrometheusRule's groups, and every dashboard query.</summary>
public static partial class ShippedMonitoring
{
    private static string Dir => Path.Combine(RepoFiles.Root(), "deploy", "k8s", "monitoring");

    /// <summary>The PrometheusRule's <c>spec</c> as a rule file, every group evaluated each second so a short run sees recorded series.</summary>
    public static string RuleFileYaml()
    {
        var spec = RuleSpec();
        foreach (var group in (List<object>)spec["groups"])
        {
            ((Dictionary<object, object>)group)["interval"] = "1s";
        }

        return new SerializerBuilder().Build().Serialize(spec);
    }

    /// <summary>(where, PromQL) for every recording and alerting rule.</summary>
    public static IEnumerable<(string Where, string Expr)> RuleExpressions() =>
        ((List<object>)RuleSpec()["groups"]).Cast<Dictionary<object, object>>()
            .SelectMany(g => (List<object>)g["rules"]).Cast<Dictionary<object, object>>()
            .Select(r => ("rule " + (r.TryGetValue("record", out var n) ? n : r["alert"]), (string)r["expr"]));

    /// <summary>(where, PromQL) for every dashboard panel target, <c>$tenant</c> as <c>.*</c>.</summary>
    public static IEnumerable<(string Where, string Expr)> DashboardQueries()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Dir, "dashboards"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    yield return ($"{Path.GetFileName(file)} / {panel.GetProperty("title").GetString()}",
                        target.GetProperty("expr").GetString()!.Replace("$tenant", ".*", StringComparison.Ordinal));
                }
            }
        }
    }

    /// <summary>
    /// The vector selectors of an expression (<c>metric</c> or <c>metric{matchers}</c>): label lists of
    /// by/on/without/ignoring/group_* and range durations are removed first; names followed by "(" are functions.
    /// </summary>
    public static IReadOnlyList<string> VectorSelectors(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var stripped = Ranges().Replace(LabelLists().Replace(expr, " "), " ");
        return
        [
            .. Selector().Matches(stripped)
                .Where(m => !Keywords.Contains(m.Groups["name"].Value))
                .Select(m => m.Value.Trim())
                .Distinct(StringComparer.Ordinal),
        ];
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "on", "without", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    private static Dictionary<object, object> RuleSpec()
    {
        var rule = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Path.Combine(Dir, "alerts.yaml")));
        return (Dictionary<object, object>)rule["spec"];
    }

    [GeneratedRegex(@"\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"(?<![\w:.""])(?>(?<name>[a-zA-Z_:][\w:]*)(\{[^}]*\})?)(?!\s*\()")]
    private static partial Regex Selector();
}
