using System.Net.Sockets;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// The sidecar's connection to its app (the "app channel"): plain HTTP on loopback. Every call carries the app API
/// token in <c>dapr-api-token</c> when one is configured (daprd's HTTP channel sets it, replacing whatever the
/// request had); the app health probe goes without it, as daprd's does. The handler adds no trace headers and records
/// no spans of its own (<c>ActivityHeadersPropagator = null</c>): daprd's channel sets <c>traceparent</c> only from its
/// own span (pkg/channel/http/http_channel.go), and .NET's HttpClient instrumentation of the emulator's process would
/// otherwise add one from whatever <see cref="System.Diagnostics.Activity.Current"/> the delivery loop runs under.
/// The connection pool is daprd's transport for a local app (pkg/runtime/channels/channels.go): at most 1,024
/// connections to the app, idle ones closed after 90 s (Go's default transport). With <c>--app-max-concurrency</c>
/// every call but the health probe first takes one of that many slots (<see cref="AppConcurrencyLimit"/>).
/// </summary>
public sealed class AppChannel : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    /// <summary>daprd's <c>MaxConnsPerHost</c> for the app channel's transport.</summary>
    public const int MaxConnections = 1024;

    private readonly AppConcurrencyLimit? _limit;

    /// <param name="maxConcurrency">daprd's <c>--app-max-concurrency</c>; null or below 1: unlimited.</param>
    public AppChannel(
        string appId, int port, string? appApiToken = null, Metrics.SidecarMetrics? metrics = null,
        int? maxConcurrency = null)
    {
        AppId = appId;
        Port = port;
        _handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionsPerServer = MaxConnections,
            UseProxy = false,
            ActivityHeadersPropagator = null,
        };
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        // A call counts in the app-channel metrics once it has its slot (a caller that gave up while waiting sends
        // nothing and counts nothing).
        HttpMessageHandler calls = metrics is null ? _handler : new Metrics.AppChannelMetricsHandler(metrics, _handler);
        if (maxConcurrency is > 0 and var max)
        {
            _limit = new AppConcurrencyLimit(max, calls);
            calls = _limit;
        }

        Http = new HttpClient(new AppTokenHandler(appApiToken, calls), disposeHandler: false)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Probe = new HttpClient(_handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public string AppId { get; }

    public int Port { get; }

    /// <summary>The <c>--app-max-concurrency</c> limit on calls into the app; null when unlimited.</summary>
    public AppConcurrencyLimit? Limit => _limit;

    /// <summary>Client for calls into the app; callers set their own timeouts (resiliency policies).</summary>
    public HttpClient Http { get; }

    /// <summary>Client for the app health probe: no app API token.</summary>
    public HttpClient Probe { get; }

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

    public void Dispose()
    {
        Http.Dispose();
        Probe.Dispose();
        _limit?.Dispose();
        _handler.Dispose();
    }

    /// <summary>With a token: sets <c>dapr-api-token</c> on every request, replacing a forwarded one (daprd's <c>Header.Set</c>).</summary>
    private sealed class AppTokenHandler(string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is { Length: > 0 })
            {
                request.Headers.Remove(ApiTokens.Header);
                request.Headers.TryAddWithoutValidation(ApiTokens.Header, token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
