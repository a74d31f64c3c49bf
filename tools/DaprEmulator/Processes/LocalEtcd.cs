using System.Net.Sockets;
using DaprSupport.DaprEmulator.Config;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Processes;

/// <summary>
/// For the run command: starts a real etcd for each <c>state.etcd</c> component whose endpoint is on loopback and
/// not answering, so `run -f dapr.yaml` needs nothing running beforehand.
/// </summary>
public sealed class LocalEtcd : IAsyncDisposable
{
    private readonly List<Started> _started;

    private LocalEtcd(List<Started> started) => _started = started;

    public static LocalEtcd None { get; } = new([]);

    public static async Task<LocalEtcd> EnsureAsync(ResourceSet resources, string dataRoot, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var started = new List<Started>();
        var endpoints = resources.Components
            .Where(c => c.Type == "state.etcd")
            .Select(c => (c.Name, Endpoint: (c.Get("endpoints") ?? string.Empty).Split(',')[0].Trim()))
            .Where(e => e.Endpoint.Length > 0)
            .DistinctBy(e => e.Endpoint);
        foreach (var (name, endpoint) in endpoints)
        {
            var uri = new Uri(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint);
            if (!uri.IsLoopback || await AnswersAsync(uri.Port, cancellationToken))
            {
                continue;
            }

            var dataDir = Path.Combine(dataRoot, uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            logger.LogInformation("Starting etcd on 127.0.0.1:{Port} for component {Name} (data in {Dir})", uri.Port, name, dataDir);
            started.Add(new Started(uri.Port, dataDir) { Process = await EtcdProcess.StartAsync(uri.Port, dataDir, cancellationToken: cancellationToken) });
        }

        return new LocalEtcd(started);
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Kills every etcd this run started (as a crash would: no graceful shutdown); the data stays for
    /// <see cref="StartAgainAsync"/>. For fault tests: the sidecars keep running and their etcd calls fail.
    /// </summary>
    public async Task StopAsync()
    {
        foreach (var etcd in _started)
        {
            if (etcd.Process is { } process)
            {
                etcd.Process = null;
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the stopped etcd servers again on their ports, over their data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        foreach (var etcd in _started.Where(e => e.Process is null))
        {
            etcd.Process = await EtcdProcess.StartAsync(etcd.Port, etcd.DataDir, cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Started(int port, string dataDir)
    {
        public int Port { get; } = port;

        public string DataDir { get; } = dataDir;

        public EtcdProcess? Process { get; set; }
    }
}
