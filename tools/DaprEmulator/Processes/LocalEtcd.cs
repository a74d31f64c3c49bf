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
    private readonly List<EtcdProcess> _started;

    private LocalEtcd(List<EtcdProcess> started) => _started = started;

    public static LocalEtcd None { get; } = new([]);

    public static async Task<LocalEtcd> EnsureAsync(ResourceSet resources, string dataRoot, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var started = new List<EtcdProcess>();
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
            started.Add(await EtcdProcess.StartAsync(uri.Port, dataDir, cancellationToken));
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

    public async ValueTask DisposeAsync()
    {
        foreach (var etcd in _started)
        {
            await etcd.DisposeAsync();
        }
    }
}
