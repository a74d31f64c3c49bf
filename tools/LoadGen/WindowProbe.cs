using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>
/// Reads, at the start and the end of a measured window, the CPU of every process of the run (each app, the emulator,
/// etcd, this tool) and the sidecars' counters, and reports both per delivered message.
/// </summary>
public sealed class WindowProbe
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _metrics;
    private readonly Dictionary<int, string> _groups;
    private Dictionary<int, (string Group, long Ticks)> _cpuBefore = [];
    private SidecarCounters? _countersBefore;

    private WindowProbe(HttpClient http, IReadOnlyList<Uri> metrics, Dictionary<int, string> groups)
    {
        _http = http;
        _metrics = metrics;
        _groups = groups;
    }

    /// <summary>Finds the run's processes and its sidecars' metrics ports (<c>DAPR_METRICS_PORT</c> of each app) unless given.</summary>
    public static WindowProbe Create(HttpClient http, CommonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var processes = ProcessTable.Read();
        var groups = RunProcesses.Classify(processes, options.Url.Port);
        groups[Environment.ProcessId] = RunProcesses.LoadTool;
        var metrics = options.SidecarMetrics is { Count: > 0 } given
            ? given
            : processes.Where(p => groups.ContainsKey(p.Pid) && p.MetricsPort is not null).Select(p => p.MetricsPort!.Value).Distinct()
                .Select(port => new Uri($"http://127.0.0.1:{port}/metrics")).ToList();
        return new WindowProbe(http, metrics, groups);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        _countersBefore = await ScrapeAsync(ct);
        _cpuBefore = CpuBreakdown.Snapshot(_groups);
    }

    /// <summary>The window's figures per unit of work (<paramref name="unit"/>: "delivered message", "assigned start").</summary>
    public async Task<IReadOnlyList<(string Name, string Value)>> FinishAsync(long delivered, TimeSpan window, CancellationToken ct, string unit = "delivered message")
    {
        var cpu = CpuBreakdown.Between(_cpuBefore, CpuBreakdown.Snapshot(_groups));
        var counters = await ScrapeAsync(ct);
        return Figures(cpu, _countersBefore is { } before && counters is { } after ? SidecarCounters.Delta(before, after) : null,
            delivered, window, _metrics.Count, unit);
    }

    /// <summary>The report lines: CPU per message per group (product apart), then sidecar interactions per message.</summary>
    public static List<(string Name, string Value)> Figures(
        CpuBreakdown cpu, SidecarCounters? counters, long delivered, TimeSpan window, int sidecars, string unit = "delivered message")
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var inv = CultureInfo.InvariantCulture;
        var figures = new List<(string, string)>();
        string PerMessage(double seconds) => delivered > 0
            ? string.Create(inv, $"{seconds * 1000 / delivered:0.000} ms ({seconds / window.TotalSeconds * 100:0} % of a core)")
            : string.Create(inv, $"{seconds:0.0} s CPU, no {unit}");
        var each = unit.Split(' ')[^1];
        var apps = cpu.Seconds.Where(s => CpuBreakdown.IsProduct(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (apps.Count == 0)
        {
            figures.Add(("CPU per " + unit, "unknown: no emulator run found serving this gateway (see RunProcesses)"));
        }
        else
        {
            figures.Add(("CPU per " + unit + ": the product (" + string.Join(" + ", apps.Select(a => a.Key[4..])) + ")", PerMessage(cpu.Product)));
            figures.AddRange(apps.Select(a => ("  CPU per " + each + ", " + a.Key[4..], PerMessage(a.Value))));
        }

        foreach (var group in new[] { RunProcesses.Emulator, RunProcesses.Etcd, RunProcesses.LoadTool })
        {
            if (cpu.Seconds.TryGetValue(group, out var seconds))
            {
                figures.Add(("CPU per " + each + ", " + group + (group == RunProcesses.LoadTool ? string.Empty : " (not in production)"), PerMessage(seconds)));
            }
        }

        if (counters is null || sidecars == 0)
        {
            figures.Add(("sidecar interactions per " + each, "unknown: no sidecar metrics port found"));
            return figures;
        }

        double Per(double count) => delivered > 0 ? count / delivered : 0;
        figures.Add(("sidecar interactions per " + each + " (API requests + app-channel calls)", string.Create(inv,
            $"{Per(counters.Interactions):0.00} ({counters.Interactions:0} over {sidecars} sidecars)")));
        figures.Add(("  API requests (HTTP / gRPC) / app-channel calls per " + each, string.Create(inv,
            $"{Per(counters.Sum(SidecarCounters.HttpServer)):0.00} / {Per(counters.Sum(SidecarCounters.GrpcServer)):0.00} / {Per(counters.Sum(SidecarCounters.AppChannel)):0.00}")));
        figures.Add(("  publishes (single / bulk calls) / deliveries per " + each, string.Create(inv,
            $"{Per(counters.Sum(SidecarCounters.Egress)):0.00} / {Per(counters.Sum(SidecarCounters.BulkEgress)):0.00} / {Per(counters.Sum(SidecarCounters.Ingress)):0.00}")));
        figures.Add(("  state API writes (set / transaction) / reads (get / bulk_get) per " + each, string.Create(inv,
            $"{Per(counters.Sum(SidecarCounters.State, "operation", "set")):0.00} / {Per(counters.Sum(SidecarCounters.State, "operation", "transaction")):0.00} / " +
            $"{Per(counters.Sum(SidecarCounters.State, "operation", "get")):0.00} / {Per(counters.Sum(SidecarCounters.State, "operation", "bulk_get")):0.00}")));
        foreach (var (series, value) in counters.Top(8))
        {
            figures.Add(("  per " + each + ": " + series.Replace("dapr_", string.Empty, StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal),
                string.Create(inv, $"{Per(value):0.00}")));
        }

        return figures;
    }

    private async Task<SidecarCounters?> ScrapeAsync(CancellationToken ct)
    {
        if (_metrics.Count == 0)
        {
            return null;
        }

        try
        {
            var texts = await Task.WhenAll(_metrics.Select(uri => _http.GetStringAsync(uri, ct)));
            return SidecarCounters.From(texts);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
