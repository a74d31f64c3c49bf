using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.DaprEmulator.PubSub.Kafka;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Run;

/// <summary>
/// What <c>dapr run -f</c> does, with emulated sidecars: one sidecar per app, each app started with the environment
/// daprd gives it, output prefixed with its app-id, everything stopped on dispose (Ctrl+C / SIGTERM in the CLI).
/// Hosted by the CLI and, in-process, by the system tests.
/// </summary>
public sealed class MultiAppRun : IAsyncDisposable
{
    private readonly List<AppProcess> _processes = [];
    private readonly Dictionary<Sidecar, AppProcess> _processOf = [];
    private readonly ILogger _logger;
    private LocalEtcd _etcd = LocalEtcd.None;
    private EmulatorHost? _host;

    private MultiAppRun(RunFile runFile, ILogger logger)
    {
        RunFile = runFile;
        _logger = logger;
    }

    public RunFile RunFile { get; }

    public EmulatorHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public IReadOnlyList<AppProcess> Processes => _processes;

    /// <summary>The etcd servers this run started (none when every etcd endpoint already answered).</summary>
    public LocalEtcd Etcd => _etcd;

    /// <summary>Starts etcd if needed, the emulator, every sidecar and every app command.</summary>
    public static async Task<MultiAppRun> StartAsync(RunFile runFile, MultiAppRunOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runFile);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var run = new MultiAppRun(runFile, loggers.CreateLogger("dapr-emulator"));
        try
        {
            await run.StartCoreAsync(options, loggers, cancellationToken);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Completes when every app is connected to its sidecar, or (with health checks) has failed its probes
    /// <c>threshold</c> times: an app that is not healthy is reported and left to its probes, while the others run
    /// (daprd keeps probing it; nothing else stops). Fails if an app exits first.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var settled = Task.WhenAll(Host.AllSidecars.Select(s => s.AppSettled));
        var firstExit = _processes.Count == 0 ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.WhenAny(_processes.Select(p => p.Exited));
        if (await Task.WhenAny(settled, firstExit).WaitAsync(cancellationToken) != settled)
        {
            var exited = _processes.First(p => p.Exited.IsCompleted);
            throw new InvalidOperationException(
                $"App '{exited.AppId}' exited with code {exited.Exited.Result} before it was ready. Its last output:{Environment.NewLine}{exited.Tail}");
        }

        await settled;
        foreach (var sidecar in Host.AllSidecars.Where(s => !s.AppReady.IsCompleted))
        {
            _logger.LogWarning(
                "App {AppId} is not healthy on {Path}: it gets no events and no actor or service calls until it is; probing goes on",
                sidecar.AppId, sidecar.Options.AppHealthCheckPath);
        }

        _logger.LogInformation("You're up and running! {Apps}", string.Join(", ", Host.AllSidecars.Select(s =>
            $"{s.AppId} (app port {s.Options.AppPort}, dapr http {s.HttpPort}, grpc {s.GrpcPort}, metrics {s.MetricsPort})")));
    }

    /// <summary>The CLI's run: start, report readiness, serve until cancelled, stop everything.</summary>
    public static async Task RunUntilCancelledAsync(RunFile runFile, MultiAppRunOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await using var run = await StartAsync(runFile, options, loggers, cancellationToken);
        try
        {
            await run.WaitUntilReadyAsync(cancellationToken);

            // Like `dapr run -f`, keep serving the remaining apps until interrupted, even if one exits.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run._logger.LogInformation("Stopping {Count} apps", run._processes.Count);
        }
    }

    private async Task StartCoreAsync(MultiAppRunOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var stateDir = options.StateDirectory ?? Path.Combine(Path.GetDirectoryName(RunFile.Path)!, ".dapr-emulator");
        Directory.CreateDirectory(stateDir);
        var emulatorOptions = new EmulatorOptions { LoggerFactory = loggers, WorkingDirectory = stateDir, KafkaPartitions = options.KafkaPartitions };
        foreach (var (topic, partitions) in KafkaTopicDeclarations.ForRunFile(RunFile.Path, options.KafkaTopicsFile))
        {
            emulatorOptions.KafkaTopics[topic] = partitions;
        }
        foreach (var path in RunFile.Apps.SelectMany(a => a.ResourcesPaths).Distinct(StringComparer.Ordinal))
        {
            emulatorOptions.ResourcesPaths.Add(path);
        }

        emulatorOptions.ConfigFilePath = RunFile.Apps.Select(a => a.ConfigFilePath).FirstOrDefault(c => c is not null);
        foreach (var app in RunFile.Apps)
        {
            // The CLI starts each app's daprd in its appDirPath (cmd/run.go), where relative sqlite paths resolve.
            emulatorOptions.AppDirectories[app.AppId] = app.AppDirPath;
        }

        if (options.StartLocalEtcd)
        {
            var resources = ResourceLoader.Load(emulatorOptions.ResourcesPaths, emulatorOptions.ConfigFilePath);
            _etcd = await LocalEtcd.EnsureAsync(resources, Path.Combine(stateDir, "etcd"), _logger, cancellationToken);
        }

        _host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken);

        // The CLI does not refuse two entries with one appID: each gets its own daprd, i.e. two instances (replicas) of
        // that app, found by service invocation through the name resolver like any instances.
        var replicated = RunFile.Apps.GroupBy(a => a.AppId, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var app in RunFile.Apps)
        {
            var sidecar = await _host.AddSidecarAsync(new SidecarOptions(app.AppId)
            {
                AppPort = app.AppPort,
                AppProtocol = app.AppProtocol,
                HttpPort = app.DaprHttpPort ?? 0,
                GrpcPort = app.DaprGrpcPort ?? 0,
                MetricsPort = app.MetricsPort ?? 0,
                AppHealthCheckPath = app.AppHealthCheckPath,
                EnableAppHealthCheck = app.EnableAppHealthCheck,
                AppHealthProbeInterval = app.AppHealthProbeIntervalSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                AppHealthProbeTimeout = app.AppHealthProbeTimeoutMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                AppHealthThreshold = app.AppHealthThreshold,
                AppMaxConcurrency = app.AppMaxConcurrency,
                DaprApiToken = options.Variable(ApiTokens.DaprApiTokenVariable),
                AppApiToken = options.Variable(ApiTokens.AppApiTokenVariable),
                Replica = replicated.Contains(app.AppId),
            }, cancellationToken);
            if (app.Command.Count == 0)
            {
                continue;
            }

            var env = new Dictionary<string, string>(app.Env, StringComparer.Ordinal);
            foreach (var (k, v) in sidecar.AppEnvironment)
            {
                env[k] = v;
            }

            // The CLI appends the run file's env last, so for the app it wins over the shell (the sidecar never sees it).
            foreach (var key in new[] { ApiTokens.DaprApiTokenVariable, ApiTokens.AppApiTokenVariable })
            {
                if (app.Env.TryGetValue(key, out var value))
                {
                    env[key] = value;
                }
            }

            var process = AppProcess.Start(app.AppId, app.Command, app.AppDirPath, env, loggers.CreateLogger($"app.{app.AppId}"));
            _processes.Add(process);
            _processOf[sidecar] = process;
        }
    }

    /// <summary>
    /// Ends one instance of an app as a pod's end does: its app is stopped (SIGTERM, then SIGKILL after
    /// <paramref name="grace"/>), then its sidecar, which takes the instance out of placement and its subscriptions.
    /// </summary>
    public async Task StopInstanceAsync(Sidecar sidecar, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        if (_processOf.TryGetValue(sidecar, out var process))
        {
            await process.StopAsync(grace);
        }

        await Host.RemoveSidecarAsync(sidecar);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(10))));
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _etcd.DisposeAsync();
    }
}
