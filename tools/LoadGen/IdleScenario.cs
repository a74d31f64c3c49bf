using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>Opens N visitor WebSockets, holds them idle, and reads the gateway's memory before and after.</summary>
public static class IdleScenario
{
    private const string WorkingSet = "process_working_set_bytes";
    private const string ManagedHeap = "dotnet_total_memory_bytes";

    // .NET runtime meter (System.Runtime) as prometheus-net exports it: the heap as the last GC left it, and the
    // free space inside it; their difference is what the last GC found alive, without garbage not yet collected.
    private const string HeapAfterGc = "system_runtime_dotnet_gc_last_collection_heap_size";
    private const string FragmentationAfterGc = "system_runtime_dotnet_gc_last_collection_heap_fragmentation_size";

    /// <summary>The goal: working set per idle connection, in KB, in every run.</summary>
    public const double GoalKb = 16;

    /// <summary>
    /// <paramref name="runs"/> runs one after the other, each opening, holding and closing its connections; the goal
    /// holds when every run connected them all and stayed within <see cref="GoalKb"/> per connection.
    /// </summary>
    public static async Task<LoadResult> RunAsync(CommonOptions options, int connections, int runs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<LoadResult>();
        var perRun = new List<double?>();

        // Every run's memory is counted from the gateway before the first run: what the runtime kept after an earlier
        // run's connections closed is still the gateway's (the next run's connections reuse it), and counted from its
        // own start a later run read near zero.
        IReadOnlyList<PromSample>? baseline = null;
        for (var run = 1; run <= Math.Max(1, runs); run++)
        {
            Console.WriteLine($"idle run {run} of {runs}");
            var (result, perConnection, before) = await RunOnceAsync(options, connections, baseline, ct);
            baseline ??= before;
            results.Add(result);
            perRun.Add(perConnection);
        }

        if (results.Count == 1)
        {
            return results[0];
        }

        var inv = CultureInfo.InvariantCulture;
        var figures = results.SelectMany((r, i) => r.Figures.Select(f => (string.Create(inv, $"run {i + 1}: {f.Name}"), f.Value))).ToList();
        var passed = results.All(r => r.Passed);
        figures.Add(("working set per connection in every run", passed ? string.Create(inv, $"≤ {GoalKb:0} KB") : "no"));
        return new LoadResult("idle", figures, null, passed)
        {
            Goal = results[0].Goal,
            Draw = plot => DrawRuns(plot, perRun),
        };
    }

    private static void DrawRuns(ScottPlot.Plot plot, IReadOnlyList<double?> perRun)
    {
        var runs = Enumerable.Range(1, perRun.Count).Select(r => (double)r).ToArray();
        var bars = plot.Add.Bars(runs, perRun.Select(v => v ?? 0).ToArray());
        plot.Axes.Bottom.SetTicks(runs, [.. runs.Select(r => r.ToString(CultureInfo.InvariantCulture))]);
        bars.LegendText = "working set per connection (KB)";
        var goal = plot.Add.HorizontalLine(GoalKb);
        goal.LegendText = "goal";
        plot.ShowLegend();
        plot.Title("idle: gateway working set per connection, by run");
        plot.XLabel("run");
        plot.YLabel("KB");
    }

    private static async Task<(LoadResult Result, double? PerConnectionKb, IReadOnlyList<PromSample> Before)> RunOnceAsync(
        CommonOptions options, int connections, IReadOnlyList<PromSample>? baseline, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        var before = await GatewayMetrics.ScrapeAsync(http, options.Url, ct);
        var memoryFrom = baseline ?? before;
        long attempts = 0;
        long connected = 0;
        var clients = new List<GatewayClient>(connections);
        var loops = new List<Task>(connections);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using (new Progress(() => $"connected {Interlocked.Read(ref connected)}/{Interlocked.Read(ref attempts)} of {connections}"))
        {
            using var ramp = new SemaphoreSlim(64);
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
            {
                await ramp.WaitAsync(ct);
                try
                {
                    Interlocked.Increment(ref attempts);
                    var client = new GatewayClient(options, http);
                    lock (clients)
                    {
                        clients.Add(client);
                    }

                    var (token, id) = await GatewayClient.VisitorTokenAsync(options, http, $"lg-idle-{i}", ct);
                    await client.ConnectAsync(token, id, ct);
                    Interlocked.Increment(ref connected);
                    lock (loops)
                    {
                        loops.Add(client.ReceiveAsync(_ => true, _ => Task.CompletedTask, stop.Token));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Counted as a failed connect.
                }
                finally
                {
                    ramp.Release();
                }
            }));

            await Task.Delay(options.Duration, ct);
        }

        var after = await GatewayMetrics.ScrapeAsync(http, options.Url, ct);
        var stillOpen = clients.Count(c => c.IsOpen);
        await GatewayClient.CloseAllAsync(clients, loops, stop, TimeSpan.FromSeconds(10));
        var inv = CultureInfo.InvariantCulture;
        // The memory is that of the connections still open when it was read.
        double? PerConnection(double? before, double? after) => before is { } b && after is { } a && stillOpen > 0 ? (a - b) / stillOpen / 1024 : null;
        var perWs = PerConnection(GatewayMetrics.Sum(memoryFrom, WorkingSet), GatewayMetrics.Sum(after, WorkingSet));
        var perHeap = PerConnection(GatewayMetrics.Sum(memoryFrom, ManagedHeap), GatewayMetrics.Sum(after, ManagedHeap));
        // Before any GC ran the gauge is absent: counting from zero then charges the app's own heap to the connections.
        var perLive = PerConnection(LiveHeap(memoryFrom) ?? 0, LiveHeap(after));
        var success = attempts == 0 ? 0 : 100.0 * connected / attempts;
        return (new LoadResult("idle", [
            ("connections held", string.Create(inv, $"{stillOpen}/{connections} open after {options.Duration.TotalSeconds:0} s ({connected} connected)")),
            ("connect success", string.Create(inv, $"{success:0.000} %")),
            ("closed by the gateway while held", GatewayMetrics.DescribeCloses(before, after)),
            ("gateway working set per connection", perWs is { } w ? string.Create(inv, $"{w:0.0} KB") : "unknown (no /metrics)"),
            ("gateway managed heap per connection (GC.GetTotalMemory, garbage included)", perHeap is { } h ? string.Create(inv, $"{h:0.0} KB") : "unknown (no /metrics)"),
            ("gateway live heap after the last GC per connection", perLive is { } l ? string.Create(inv, $"{l:0.0} KB") : "unknown (no runtime metrics)"),
        ], null, success >= 99.99 && stillOpen == connections && perWs is <= GoalKb)
        {
            Goal = string.Create(inv, $"every connection held, gateway working set ≤ {GoalKb:0} KB per connection"),
        }, perWs, before);
    }

    private static double? LiveHeap(IReadOnlyList<PromSample> samples) =>
        GatewayMetrics.Sum(samples, HeapAfterGc) - GatewayMetrics.Sum(samples, FragmentationAfterGc);
}
