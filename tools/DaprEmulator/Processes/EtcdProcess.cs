using System.Diagnostics;

namespace DaprSupport.DaprEmulator.Processes;

/// <summary>
/// A real etcd server (Debian package <c>etcd-server</c>) on free loopback ports with its own data directory,
/// for the emulator's <c>run</c> command and for test fixtures.
/// </summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly bool _ownsDataDir;

    private EtcdProcess(Process process, int clientPort, string dataDir, bool ownsDataDir)
    {
        _process = process;
        ClientPort = clientPort;
        _dataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public int ClientPort { get; }

    /// <summary>The endpoint in the form the state.etcd component's <c>endpoints</c> metadata takes.</summary>
    public string Endpoint => $"127.0.0.1:{ClientPort}";

    /// <summary>Finds the etcd binary: <c>ETCD_BINARY</c>, then PATH, then Debian's /usr/bin/etcd.</summary>
    public static string? FindBinary()
    {
        var env = Environment.GetEnvironmentVariable("ETCD_BINARY");
        if (!string.IsNullOrEmpty(env) && File.Exists(env))
        {
            return env;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "etcd"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// How much history etcd keeps: it compacts older revisions on this period, as a production etcd must (etcd's
    /// default keeps every revision, and a store that is written all day reaches its 2 GiB quota and refuses writes).
    /// </summary>
    public const string DefaultCompactionRetention = "5m";

    /// <summary>
    /// Starts etcd on the given client port (0: a free one) with periodic compaction of history older than
    /// <paramref name="compactionRetention"/> (an etcd duration), and waits until it answers.
    /// </summary>
    public static async Task<EtcdProcess> StartAsync(
        int clientPort = 0, string? dataDir = null, string compactionRetention = DefaultCompactionRetention,
        CancellationToken cancellationToken = default)
    {
        var binary = FindBinary() ?? throw new FileNotFoundException(
            "etcd was not found. Install it with `apt-get install -y etcd-server` or set ETCD_BINARY.");
        var ownsDataDir = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "daprsupport-etcd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);

        for (var attempt = 0; ; attempt++)
        {
            var port = clientPort == 0 ? LoopbackPorts.Free() : clientPort;
            var peerPort = LoopbackPorts.Free();
            var psi = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--name", "emulator", "--data-dir", dataDir,
                         "--listen-client-urls", $"http://127.0.0.1:{port}", "--advertise-client-urls", $"http://127.0.0.1:{port}",
                         "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
                         "--initial-cluster", $"emulator=http://127.0.0.1:{peerPort}", "--log-level", "error", "--logger", "zap",
                         "--auto-compaction-mode", "periodic", "--auto-compaction-retention", compactionRetention,
                     })
            {
                psi.ArgumentList.Add(arg);
            }

            // Debian's etcd 3.4 refuses to start on some architectures without this; harmless elsewhere.
            psi.Environment["ETCD_UNSUPPORTED_ARCH"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() switch
            {
                "arm64" => "arm64",
                _ => string.Empty,
            };
            var process = Process.Start(psi) ?? throw new InvalidOperationException("etcd did not start.");
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var etcd = new EtcdProcess(process, port, dataDir, ownsDataDir);
            if (await etcd.WaitHealthyAsync(TimeSpan.FromSeconds(20), cancellationToken))
            {
                return etcd;
            }

            await etcd.DisposeAsync();
            if (attempt >= 2 || clientPort != 0)
            {
                throw new InvalidOperationException($"etcd did not become healthy on port {port}.");
            }
        }
    }

    private async Task<bool> WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{ClientPort}/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow first answer.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        if (_ownsDataDir)
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort for temp data.
            }
        }
    }
}
