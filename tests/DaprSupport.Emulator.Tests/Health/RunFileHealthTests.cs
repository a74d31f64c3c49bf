using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Run;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Emulator.Tests.Health;

/// <summary>
/// App health under <c>dapr run -f</c>: the CLI merges <c>common</c> into every app where the app's own value is Go's
/// zero value (dapr/cli pkg/runfileconfig <c>mergeCommonAndAppsSharedRunConfig</c>), daprd checks health only when
/// enabled, and one app that never becomes healthy leaves the others running.
/// </summary>
public sealed class RunFileHealthTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "daprsupport-runfile-health-" + Guid.NewGuid().ToString("N"));

    public RunFileHealthTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "components"));
    }

    [Fact]
    public void Common_health_settings_reach_every_app_whose_own_value_is_the_zero_value_and_are_off_by_default()
    {
        var path = Write("""
            version: 1
            common:
              resourcesPath: ./components
              enableAppHealthCheck: true
              appHealthCheckPath: /health
              appHealthProbeInterval: 2
              appHealthThreshold: 4
            apps:
              - appID: omits
                appDirPath: .
              - appID: says-false
                appDirPath: .
                enableAppHealthCheck: false
                appHealthProbeInterval: 0
              - appID: own-path
                appDirPath: .
                appHealthCheckPath: /ready
                appHealthThreshold: 1
            """);
        var apps = RunFileLoader.Load(path).Apps.ToDictionary(a => a.AppId);

        // `false` is Go's zero value: the CLI replaces it with common's `true`, as it replaces 0 and "".
        Assert.All(apps.Values, a => Assert.True(a.EnableAppHealthCheck));
        Assert.Equal(("/health", 2, 4), (apps["says-false"].AppHealthCheckPath, apps["says-false"].AppHealthProbeIntervalSeconds, apps["says-false"].AppHealthThreshold));
        Assert.Equal(("/ready", 1), (apps["own-path"].AppHealthCheckPath, apps["own-path"].AppHealthThreshold));

        var plain = RunFileLoader.Load(Write("""
            version: 1
            apps:
              - appID: plain
                appDirPath: .
            """)).Apps.Single();
        Assert.False(plain.EnableAppHealthCheck);
        Assert.Equal("/healthz", plain.AppHealthCheckPath);
    }

    [Fact]
    public async Task An_app_that_never_becomes_healthy_does_not_stop_the_run_and_is_ready_once_it_is_healthy()
    {
        await using var steady = await ProbedApp.StartAsync("/health");
        await using var sick = await ProbedApp.StartAsync("/health");
        sick.Status = StatusCodes.Status404NotFound;
        var path = Write($"""
            version: 1
            common:
              resourcesPath: ./components
              enableAppHealthCheck: true
              appHealthCheckPath: /health
              appHealthProbeInterval: 2
              appHealthProbeTimeout: 2000
              appHealthThreshold: 1
            apps:
              - appID: steady
                appDirPath: .
                appPort: {steady.Port}
              - appID: sick
                appDirPath: .
                appPort: {sick.Port}
            """);
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        await using var run = await MultiAppRun.StartAsync(
            RunFileLoader.Load(path), new MultiAppRunOptions(StartLocalEtcd: false, StateDirectory: _dir, Environment: new Dictionary<string, string>()),
            loggers, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await run.WaitUntilReadyAsync(cts.Token);

        // The probe timeout is the interval (the most daprd accepts): with the 500 ms default, a first probe of the
        // steady app delayed by a loaded CI machine was a failure, and with a threshold of 1 an unhealthy verdict.
        Assert.True(run.Host.Sidecars["steady"].AppReady.IsCompletedSuccessfully);
        Assert.False(run.Host.Sidecars["sick"].AppReady.IsCompleted);
        await sick.ProbedAsync(StatusCodes.Status404NotFound, count: 2);
        Assert.True(run.Host.Sidecars["steady"].IsAppHealthy);

        sick.Status = StatusCodes.Status200OK;
        await run.Host.Sidecars["sick"].AppReady.WaitAsync(cts.Token);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, $"dapr-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
