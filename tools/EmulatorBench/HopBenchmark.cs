using Dapr.Client;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprSupport.EmulatorBench;

/// <summary>
/// Starts an in-process emulator, a target app and a caller sidecar on loopback, then measures each call with and
/// without the sidecar hop: service invocation (HTTP) and state get (gRPC, through the real DaprClient).
/// </summary>
public static class HopBenchmark
{
    private const string StateKey = "bench-key";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        await using var etcd = options.Store == "etcd" ? await EtcdProcess.StartAsync(cancellationToken: cancellationToken) : null;
        var dir = Directory.CreateTempSubdirectory("emulator-bench-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "store.yaml"), StoreYaml(options.Store, etcd?.Endpoint), cancellationToken);

        var emulatorOptions = new EmulatorOptions { WorkingDirectory = dir.FullName, LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) };
        emulatorOptions.ResourcesPaths.Add(dir.FullName);
        await using var host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken);

        var appPort = LoopbackPorts.Free();
        await using var target = await StartTargetAsync(appPort, cancellationToken);
        var targetSidecar = await host.AddSidecarAsync(new SidecarOptions("target") { AppPort = appPort }, cancellationToken);
        var caller = await host.AddSidecarAsync(new SidecarOptions("caller"), cancellationToken);
        await Task.WhenAll(targetSidecar.AppReady, caller.AppReady);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false });
        using var dapr = new DaprClientBuilder()
            .UseGrpcEndpoint(caller.AppEnvironment["DAPR_GRPC_ENDPOINT"])
            .UseHttpEndpoint(caller.AppEnvironment["DAPR_HTTP_ENDPOINT"])
            .Build();
        await dapr.SaveStateAsync("store", StateKey, "a small value, like a session pointer", cancellationToken: cancellationToken);
        var store = host.Components.FindStateStore("store", "caller")!;
        var rawKey = "caller||" + StateKey;

        var direct = new Uri($"http://127.0.0.1:{appPort}/echo");
        var viaSidecar = new Uri($"http://127.0.0.1:{caller.HttpPort}/v1.0/invoke/target/method/echo");
        var scenarios = new (string Name, Func<CancellationToken, Task> Call)[]
        {
            ("invoke direct", ct => GetAsync(http, direct, ct)),
            ("invoke via sidecar", ct => GetAsync(http, viaSidecar, ct)),
            ("state get direct", async ct => _ = await store.GetAsync(rawKey, ct) ?? throw new InvalidOperationException("missing")),
            ("state get via sidecar", async ct => _ = await dapr.GetStateAsync<string>("store", StateKey, cancellationToken: ct) ?? throw new InvalidOperationException("missing")),
        };

        var results = new List<ScenarioResult>();
        foreach (var (name, call) in scenarios.Where(s => options.Only is null || s.Name.Contains(options.Only, StringComparison.Ordinal)))
        {
            await log.WriteLineAsync($"{name}: {options.Rate} req/s for {options.Duration.TotalSeconds:0} s …");
            var result = await OpenLoop.RunAsync(name, call, options, cancellationToken);
            await log.WriteLineAsync($"  p50 {result.Percentile(50):0.000} ms, p99 {result.Percentile(99):0.000} ms, errors {result.Errors}");
            results.Add(result);
        }

        dir.Delete(recursive: true);
        return results;
    }

    private static async Task GetAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
    }

    private static async Task<WebApplication> StartTargetAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/echo", () => Results.Text("""{"ok":true}""", "application/json"));
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static string StoreYaml(string store, string? etcdEndpoint) => store switch
    {
        "etcd" => $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: store
            spec:
              type: state.etcd
              version: v2
              metadata:
                - name: endpoints
                  value: "{{etcdEndpoint}}"
            """,
        _ => """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: store
            spec:
              type: state.in-memory
              version: v1
            """,
    };
}
