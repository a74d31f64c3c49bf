using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.Processes;

namespace DaprSupport.System.Tests.Monitoring;

/// <summary>
/// A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port with a temp config and data dir,
/// scraping each app's /metrics every second (labelled <c>app</c> = app-id and <c>pod</c>, as the PodMonitors do)
/// and evaluating the given rule file.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string dir, Uri api)
    {
        _process = process;
        _dir = dir;
        _http = new HttpClient { BaseAddress = api };
    }

    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, int> appPorts, string ruleFileYaml)
    {
        ArgumentNullException.ThrowIfNull(appPorts);
        var dir = Directory.CreateTempSubdirectory("daprsupport-prometheus-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "rules.yaml"), ruleFileYaml);
        var config = new StringBuilder()
            .AppendLine("global: { scrape_interval: 1s, evaluation_interval: 1s }")
            .AppendLine("rule_files: [rules.yaml]")
            .AppendLine("scrape_configs:")
            .AppendLine("  - job_name: apps")
            .AppendLine("    static_configs:");
        foreach (var (app, appPort) in appPorts)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"      - targets: ['127.0.0.1:{appPort}']")
                .AppendLine(CultureInfo.InvariantCulture, $"        labels: {{ app: {app}, pod: {app}-0 }}");
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), config.ToString());
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("/usr/bin/prometheus")
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "data"),
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        await server.PollAsync(async () =>
        {
            try
            {
                using var ready = await server._http.GetAsync(new Uri("-/ready", UriKind.Relative));
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "Prometheus ready", TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>An instant query through /api/v1/query: (status, result series).</summary>
    public async Task<(string Status, IReadOnlyList<JsonElement> Result, string Body)> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var status = doc.RootElement.GetProperty("status").GetString()!;
        IReadOnlyList<JsonElement> result = status == "success" && doc.RootElement.GetProperty("data").GetProperty("result") is { ValueKind: JsonValueKind.Array } r
            ? [.. r.EnumerateArray().Select(e => e.Clone())]
            : [];
        return (status, result, body);
    }

    /// <summary>Polls <paramref name="condition"/> (every 250 ms) until it holds or <paramref name="patience"/> passes.</summary>
    public async Task PollAsync(Func<Task<bool>> condition, string what, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > patience)
            {
                throw new TimeoutException($"No {what} within {patience}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
