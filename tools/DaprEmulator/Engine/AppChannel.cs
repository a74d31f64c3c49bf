using System.Net.Sockets;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>The sidecar's connection to its app (the "app channel"): plain HTTP on loopback.</summary>
public sealed class AppChannel : IDisposable
{
    public AppChannel(string appId, int port)
    {
        AppId = appId;
        Port = port;
        Http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 256,
            UseProxy = false,
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string AppId { get; }

    public int Port { get; }

    /// <summary>Client for calls into the app; callers set their own timeouts (resiliency policies).</summary>
    public HttpClient Http { get; }

    /// <summary>Waits until the app accepts TCP connections on its port, as daprd does before calling it.</summary>
    public async Task WaitForPortAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, Port, cts.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"App '{AppId}' did not open port {Port} within {timeout.TotalSeconds:0} s.");
            }
        }
    }

    public void Dispose() => Http.Dispose();
}
