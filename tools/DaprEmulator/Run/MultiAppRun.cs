using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Run;

/// <summary>
/// What <c>dapr run -f</c> does, with emulated sidecars: one sidecar per app, each app started with the environment
/// daprd gives it, output prefixed with its app-id, everything stopped on Ctrl+C / SIGTERM.
/// </summary>
public static class MultiAppRun
{
    public static async Task RunAsync(RunFile runFile, MultiAppRunOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runFile);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("dapr-emulator");
        var stateDir = Path.Combine(Path.GetDirectoryName(runFile.Path)!, ".dapr-emulator");
        Directory.CreateDirectory(stateDir);

        var emulatorOptions = new EmulatorOptions { LoggerFactory = loggers, WorkingDirectory = stateDir };
        foreach (var path in runFile.Apps.SelectMany(a => a.ResourcesPaths).Distinct(StringComparer.Ordinal))
        {
            emulatorOptions.ResourcesPaths.Add(path);
        }

        emulatorOptions.ConfigFilePath = runFile.Apps.Select(a => a.ConfigFilePath).FirstOrDefault(c => c is not null);

        var resources = ResourceLoader.Load(emulatorOptions.ResourcesPaths, emulatorOptions.ConfigFilePath);
        await using var etcd = options.StartLocalEtcd
            ? await LocalEtcd.EnsureAsync(resources, Path.Combine(stateDir, "etcd"), logger, cancellationToken)
            : LocalEtcd.None;

        await using var host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken);
        var processes = new List<AppProcess>();
        try
        {
            foreach (var app in runFile.Apps)
            {
                var sidecar = await host.AddSidecarAsync(new SidecarOptions(app.AppId)
                {
                    AppPort = app.AppPort,
                    AppProtocol = app.AppProtocol,
                    HttpPort = app.DaprHttpPort ?? 0,
                    GrpcPort = app.DaprGrpcPort ?? 0,
                    AppHealthCheckPath = app.AppHealthCheckPath,
                    EnableAppHealthCheck = app.EnableAppHealthCheck,
                }, cancellationToken);
                if (app.Command.Count > 0)
                {
                    var env = new Dictionary<string, string>(app.Env, StringComparer.Ordinal);
                    foreach (var (k, v) in sidecar.AppEnvironment)
                    {
                        env[k] = v;
                    }

                    processes.Add(AppProcess.Start(app.AppId, app.Command, app.AppDirPath, env, loggers.CreateLogger($"app.{app.AppId}")));
                }
            }

            using var anyExit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ready = Task.WhenAll(host.Sidecars.Values.Select(s => s.AppReady));
            var firstExit = processes.Count == 0 ? Task.Delay(Timeout.Infinite, anyExit.Token) : Task.WhenAny(processes.Select(p => p.Exited));
            if (await Task.WhenAny(ready, firstExit) == ready)
            {
                await ready;
                logger.LogInformation("You're up and running! {Count} apps: {Apps}", runFile.Apps.Count,
                    string.Join(", ", host.Sidecars.Values.Select(s => $"{s.AppId} (app {s.Options.AppPort}, dapr http {s.HttpPort}, grpc {s.GrpcPort})")));
            }

            // Like `dapr run -f`, keep serving the remaining apps until interrupted.
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopping {Count} apps", processes.Count);
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(10))));
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }
}
