using System.Diagnostics;
using System.Threading.Channels;

namespace DaprSupport.System.Tests;

/// <summary>The emulator's command line, as the README's run command uses it: `run -f dapr.yaml`.</summary>
public sealed class EmulatorCliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("emulator-cli-");

    [Fact]
    public async Task Run_prefixes_app_output_with_its_app_id_passes_sidecar_env_and_stops_everything_on_sigterm()
    {
        var runFile = Path.Combine(_dir.FullName, "dapr.yaml");
        await File.WriteAllTextAsync(runFile, """
            version: 1
            common:
              resourcesPaths: [ ./components ]
            apps:
              - appID: echoer
                appDirPath: .
                command: ["bash", "-c", "echo \"hello from $APP_ID via $DAPR_HTTP_PORT\"; echo $$ > child.pid; exec sleep 600"]
            """);
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "components"));

        using var cli = StartCli("run", "-f", runFile);
        var lines = Channel.CreateUnbounded<string>();
        cli.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Writer.TryWrite(e.Data); } };
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sawApp = false;
        var sawReady = false;
        while (!(sawApp && sawReady))
        {
            var line = await lines.Reader.ReadAsync(timeout.Token);
            sawApp |= line.StartsWith("== APP - echoer == hello from echoer via ", StringComparison.Ordinal)
                      && int.TryParse(line.AsSpan(line.LastIndexOf(' ') + 1), out var port) && port > 0;
            sawReady |= line.Contains("You're up and running!", StringComparison.Ordinal);
        }

        var childPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "child.pid"), timeout.Token), global::System.Globalization.CultureInfo.InvariantCulture);
        using (var term = Process.Start("kill", ["-TERM", cli.Id.ToString(global::System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(timeout.Token);
        }

        await cli.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, cli.ExitCode);
        Assert.False(IsRunning(childPid), "the app process must be stopped with the emulator");
    }

    [Fact]
    public async Task An_unsupported_component_type_is_a_startup_error_naming_file_and_type()
    {
        var components = Directory.CreateDirectory(Path.Combine(_dir.FullName, "components"));
        await File.WriteAllTextAsync(Path.Combine(components.FullName, "redis.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: cache
            spec:
              type: state.redis
              version: v1
            """);
        var runFile = Path.Combine(_dir.FullName, "dapr.yaml");
        await File.WriteAllTextAsync(runFile, """
            version: 1
            common:
              resourcesPaths: [ ./components ]
            apps:
              - appID: nothing
                appDirPath: .
            """);

        using var cli = StartCli("run", "-f", runFile, "--no-etcd");
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("redis.yaml", output, StringComparison.Ordinal);
        Assert.Contains("'state.redis'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kafka_partitions_outside_1_to_1024_are_refused_before_anything_starts()
    {
        var runFile = Path.Combine(_dir.FullName, "dapr.yaml");
        await File.WriteAllTextAsync(runFile, "version: 1\napps: []\n");

        using var cli = StartCli("run", "-f", runFile, "--no-etcd", "--kafka-partitions", "0");
        var errors = cli.StandardError.ReadToEndAsync();
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();

        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("--kafka-partitions must be between 1 and 1024.", await errors + output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static Process StartCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dapr-emulator.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
