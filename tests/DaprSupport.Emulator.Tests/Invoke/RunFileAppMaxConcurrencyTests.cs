using DaprSupport.DaprEmulator.Config;

namespace DaprSupport.Emulator.Tests.Invoke;

/// <summary>
/// <c>appMaxConcurrency</c> in a run file (dapr/cli pkg/standalone/run.go, <c>yaml:"appMaxConcurrency"</c>): merged from
/// <c>common</c> where an app's own value is Go's zero value; the CLI turns anything below 1 into -1 (unlimited).
/// </summary>
public sealed class RunFileAppMaxConcurrencyTests : IDisposable
{
    private readonly string _dir = Path.Combine(
        Path.GetTempPath(), "daprsupport-runfile-concurrency-" + Guid.NewGuid().ToString("N"));

    public RunFileAppMaxConcurrencyTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Common_app_max_concurrency_reaches_apps_without_their_own_and_below_1_is_unlimited()
    {
        var path = Path.Combine(_dir, "dapr.yaml");
        File.WriteAllText(path, """
            version: 1
            common:
              appMaxConcurrency: 64
            apps:
              - appID: omits
                appDirPath: .
              - appID: zero
                appDirPath: .
                appMaxConcurrency: 0
              - appID: own
                appDirPath: .
                appMaxConcurrency: 8
              - appID: unlimited
                appDirPath: .
                appMaxConcurrency: -1
            """);

        var apps = RunFileLoader.Load(path).Apps.ToDictionary(a => a.AppId, a => a.AppMaxConcurrency);

        Assert.Equal(64, apps["omits"]);
        Assert.Equal(64, apps["zero"]);
        Assert.Equal(8, apps["own"]);
        Assert.Equal(-1, apps["unlimited"]);
        using var channel = new DaprSupport.DaprEmulator.Engine.AppChannel("unlimited", 1, maxConcurrency: -1);
        Assert.Null(channel.Limit);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
