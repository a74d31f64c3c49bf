using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Processes;

/// <summary>An app started from the run file's <c>command</c>, its output prefixed with its app-id as <c>dapr run</c> does.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private const int TailLines = 30;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();

    private AppProcess(string appId, Process process)
    {
        AppId = appId;
        _process = process;
    }

    public string AppId { get; }

    /// <summary>The app's last output lines, for reports of an app that stopped.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public static AppProcess Start(string appId, IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(environment);
        var psi = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var app = new AppProcess(appId, process);
        var prefix = $"== APP - {appId} == ";
        process.OutputDataReceived += (_, e) => app.WriteLine(prefix, e.Data, Console.Out);
        process.ErrorDataReceived += (_, e) => app.WriteLine(prefix, e.Data, Console.Error);
        process.Exited += (_, _) =>
        {
            var code = process.ExitCode;
            logger.LogInformation("App {AppId} exited with code {Code}", appId, code);
            app._exited.TrySetResult(code);
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"App '{appId}': could not start '{command[0]}'.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started app {AppId} (pid {Pid}): {Command} in {Dir}", appId, process.Id, string.Join(' ', command), workingDirectory);
        return app;
    }

    /// <summary>SIGTERM, then SIGKILL for the whole tree if it has not exited within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                // Graceful first, as `dapr run` does: the app's host gets SIGTERM and shuts down cleanly.
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }

            if (await Task.WhenAny(_exited.Task, Task.Delay(grace)) != _exited.Task)
            {
                _process.Kill(entireProcessTree: true);
                await _exited.Task;
            }
        }
        catch (InvalidOperationException)
        {
            // The process is already gone.
        }
    }

    public void Dispose() => _process.Dispose();

    private void WriteLine(string prefix, string? line, TextWriter writer)
    {
        if (line is null)
        {
            return;
        }

        writer.WriteLine(prefix + line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
