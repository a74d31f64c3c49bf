using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.Emulator.Tests.Metrics;

/// <summary>
/// <c>metricsPort</c> is a field of each app (dapr/cli <c>RunConfig</c>, not <c>SharedRunConfig</c>): <c>common</c>
/// does not reach it, and a value ≤ 0 leaves the CLI to pick a free port.
/// </summary>
public sealed class MetricsPortRunFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "daprsupport-metricsport-" + Guid.NewGuid().ToString("N"));

    public MetricsPortRunFileTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Each_app_takes_only_its_own_metrics_port_and_zero_or_less_is_unset()
    {
        var path = Path.Combine(_dir, "dapr.yaml");
        File.WriteAllText(path, """
            version: 1
            common:
              metricsPort: 9999
            apps:
              - appID: own
                appDirPath: .
                metricsPort: 9191
              - appID: inherits-nothing
                appDirPath: .
              - appID: negative
                appDirPath: .
                metricsPort: -1
            """);

        var apps = RunFileLoader.Load(path).Apps.ToDictionary(a => a.AppId);

        Assert.Equal(9191, apps["own"].MetricsPort);
        Assert.Null(apps["inherits-nothing"].MetricsPort);
        Assert.Null(apps["negative"].MetricsPort);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
