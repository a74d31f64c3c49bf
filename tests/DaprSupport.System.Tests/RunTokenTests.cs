using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Run;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.System.Tests;

/// <summary>
/// How <c>dapr run -f</c> hands out Dapr's tokens (dapr/cli pkg/standalone/run.go): daprd gets the shell's environment
/// only; the app gets the shell's environment with the run file's <c>env</c> appended last.
/// </summary>
public sealed class RunTokenTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("daprsupport-run-tokens-");

    [Fact]
    public async Task Sidecars_take_the_tokens_from_the_shell_and_a_run_files_env_reaches_only_the_app()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "components"));
        var runFile = Path.Combine(_dir.FullName, "dapr.yaml");
        await File.WriteAllTextAsync(runFile, """
            version: 1
            common:
              resourcesPaths: [ ./components ]
            apps:
              - appID: reader
                appDirPath: .
                env:
                  APP_API_TOKEN: from-the-run-file
                command: ["bash", "-c", "echo \"tokens:$DAPR_API_TOKEN|$APP_API_TOKEN\" > tokens.txt"]
            """);
        var shell = new Dictionary<string, string> { ["DAPR_API_TOKEN"] = "shell-dapr", ["APP_API_TOKEN"] = "shell-app" };

        await using var run = await MultiAppRun.StartAsync(RunFileLoader.Load(runFile), new MultiAppRunOptions(StartLocalEtcd: false, StateDirectory: _dir.FullName, Environment: shell), NullLoggerFactory.Instance, CancellationToken.None);
        var reader = run.Processes.Single();
        await reader.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        var sidecar = run.Host.FindSidecar("reader")!;
        Assert.Equal("shell-dapr", sidecar.Options.DaprApiToken);
        Assert.Equal("shell-app", sidecar.Options.AppApiToken);
        Assert.Equal(0, await reader.Exited);
        Assert.Equal("tokens:shell-dapr|from-the-run-file", (await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "tokens.txt"))).Trim());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
