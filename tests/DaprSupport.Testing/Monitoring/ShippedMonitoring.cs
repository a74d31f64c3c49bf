using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace DaprSupport.Testing.Monitoring;

/// <summary>One target of a dashboard panel: its PromQL with the template variables filled in.</summary>
public sealed record DashboardQuery(string Dashboard, string Panel, string Expr)
{
    public string Where => $"{Dashboard} / {Panel}";
}

/// <summary>
/// deploy/k8s/monitoring as Prometheus and Grafana load it: the PrometheusRule's rule groups and every dashboard
/// panel's queries. The one reader of those files for the Foundation (promtool) and System (live Prometheus) tests.
/// </summary>
public static partial class ShippedMonitoring
{
    public static string Dir => Path.Combine(RepoFiles.Root(), "deploy", "k8s", "monitoring");

    public static string FullPath(string relative) => Path.Combine(Dir, relative);

    /// <summary>
    /// The PrometheusRule's <c>spec</c>, a plain Prometheus rule file (<c>groups:</c>); with <paramref name="interval"/>
    /// every group is evaluated that often (a short run then sees recorded series).
    /// </summary>
    public static string RuleFileYaml(TimeSpan? interval = null)
    {
        var spec = RuleSpec();
        if (interval is { } every)
        {
            foreach (var group in (List<object>)spec["groups"])
            {
                ((Dictionary<object, object>)group)["interval"] = $"{(int)every.TotalMilliseconds}ms";
            }
        }

        return new SerializerBuilder().Build().Serialize(spec);
    }

    /// <summary>Every alerting and recording rule as its mapping (<c>alert</c>/<c>record</c>, <c>expr</c>, <c>labels</c>, …).</summary>
    public static IReadOnlyList<IDictionary<object, object?>> Rules() =>
    [
        .. ((List<object>)RuleSpec()["groups"]).Cast<Dictionary<object, object>>()
            .SelectMany(g => (List<object>)g["rules"]).Cast<IDictionary<object, object?>>(),
    ];

    /// <summary>(where, PromQL) for every recording and alerting rule.</summary>
    public static IEnumerable<(string Where, string Expr)> RuleExpressions() =>
        Rules().Select(r => ("rule " + (r.TryGetValue("record", out var n) ? n : r["alert"]), (string)r["expr"]!));

    /// <summary>Every target of every panel, <c>$tenant</c> as <c>.*</c>.</summary>
    public static IReadOnlyList<DashboardQuery> DashboardQueries()
    {
        var queries = new List<DashboardQuery>();
        foreach (var file in Directory.EnumerateFiles(FullPath("dashboards"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    var expr = target.GetProperty("expr").GetString()!.Replace("$tenant", ".*", StringComparison.Ordinal);
                    queries.Add(new DashboardQuery(Path.GetFileName(file), panel.GetProperty("title").GetString()!, expr));
                }
            }
        }

        return queries;
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
        var rule = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(FullPath("alerts.yaml")));
        return (Dictionary<object, object>)rule["spec"];
    }

    [GeneratedRegex(@"\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"(?<![\w:.""])(?>(?<name>[a-zA-Z_:][\w:]*)(\{[^}]*\})?)(?!\s*\()")]
    private static partial Regex Selector();
}
