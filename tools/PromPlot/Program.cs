using System.CommandLine;
using System.Globalization;
using DaprSupport.PromPlot;

var prometheus = new Option<Uri>("--prometheus")
{
    Description = "Prometheus base URL.",
    DefaultValueFactory = _ => new Uri("http://127.0.0.1:9090/"),
    CustomParser = r => new Uri(r.Tokens.Single().Value, UriKind.Absolute), // System.CommandLine has no Uri parser
};
var dashboards = new Option<DirectoryInfo>("--dashboards")
{
    Description = "Folder of Grafana dashboard JSON files.",
    DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("deploy", "k8s", "monitoring", "dashboards")),
};
var panels = new Option<string[]>("--panel")
{
    Description = "A panel to plot, as dashboard/Title (file name without .json; a unique title prefix will do). Repeatable.",
    Required = true,
    Arity = ArgumentArity.OneOrMore,
};
var start = new Option<long>("--start") { Description = "Window start, Unix seconds.", Required = true };
var end = new Option<long>("--end") { Description = "Window end, Unix seconds.", Required = true };
var step = new Option<int>("--step") { Description = "Resolution in seconds.", DefaultValueFactory = _ => 5 };
var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the PNGs.", Required = true };
var caption = new Option<string>("--caption") { Description = "Text under the x axis (e.g. what load ran).", DefaultValueFactory = _ => "UTC" };

var root = new RootCommand("Plots Grafana dashboard panels from a Prometheus's query_range API, one PNG per panel.")
{
    prometheus, dashboards, panels, start, end, step, output, caption,
};
root.SetAction(async (parse, ct) =>
{
    var all = parse.GetValue(dashboards)!.EnumerateFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal)
        .SelectMany(f => DashboardPanel.Read(f.FullName)).ToList();
    var chosen = parse.GetValue(panels)!.Select(s => DashboardPanel.Select(all, s)).ToList();
    var (from, to) = (DateTimeOffset.FromUnixTimeSeconds(parse.GetValue(start)), DateTimeOffset.FromUnixTimeSeconds(parse.GetValue(end)));
    var resolution = TimeSpan.FromSeconds(parse.GetValue(step));
    var folder = parse.GetValue(output)!;
    folder.Create();
    using var http = new HttpClient { BaseAddress = parse.GetValue(prometheus) };
    var range = new PrometheusRange(http);
    foreach (var panel in chosen)
    {
        var series = new List<(PanelTarget, RangeSeries)>();
        foreach (var target in panel.Targets)
        {
            series.AddRange((await range.QueryAsync(target.Expr, from, to, resolution, ct)).Select(s => (target, s)));
        }

        var path = Path.Combine(folder.FullName, panel.FileName);
        var text = string.Create(CultureInfo.InvariantCulture, $"{parse.GetValue(caption)} · {from:yyyy-MM-dd HH:mm}–{to:HH:mm} UTC");
        PanelChart.Save(panel, series, text, path);
        Console.WriteLine($"{path}: {series.Count} series");
    }

    return 0;
});
return await root.Parse(args).InvokeAsync();
