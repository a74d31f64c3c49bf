using System.Net;
using DaprSupport.DaprEmulator.Api;
using DaprSupport.DaprEmulator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// One app's stand-in for daprd: the Dapr HTTP API on one loopback port, the gRPC API on another, and the app
/// channel into the app.
/// </summary>
public sealed partial class Sidecar : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly TaskCompletionSource _appReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping;
    private Task _initialization = Task.CompletedTask;

    private Sidecar(EmulatorHost host, SidecarOptions options, WebApplication web, AppChannel? app, SidecarMetrics metrics)
    {
        Host = host;
        Options = options;
        _web = web;
        App = app;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(host.Stopping);
        Metrics = metrics;
        Logger = host.Options.LoggerFactory.CreateLogger($"daprd.{options.AppId}");
        InstanceName = host.NameInstance(options.AppId);
    }

    public EmulatorHost Host { get; }

    public SidecarOptions Options { get; }

    public string AppId => Options.AppId;

    /// <summary>
    /// This instance's name in placement, as daprd's is its own address: the app id for the app's first instance,
    /// <c>{appId}#{n}</c> for the n-th after it (counted over the emulator's life, so a name is never reused).
    /// </summary>
    public string InstanceName { get; }

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    /// <summary>The metrics port: daprd's Prometheus exposition of <see cref="Metrics"/>.</summary>
    public int MetricsPort { get; private set; }

    /// <summary>The counters daprd keeps for this sidecar (its API, its app channel, its pub/sub traffic).</summary>
    public SidecarMetrics Metrics { get; }

    /// <summary>The app channel, or null for an app without a port.</summary>
    public AppChannel? App { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// Completes when the app's port is open and its actors and subscriptions are known: with health checks, the
    /// first time the app is healthy (it may never be).
    /// </summary>
    public Task AppReady => _appReady.Task;

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Attributes set through the metadata API (PUT /v1.0/metadata/{key}, gRPC SetMetadata).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> ExtendedMetadata { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The environment daprd and <c>dapr run</c> give an app: the ports, and the tokens the app shares with its
    /// sidecar when set (the CLI's shell environment reaches both; on Kubernetes the manifest gives them to the app).
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment => WithTokens(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["APP_ID"] = AppId,
        ["APP_PORT"] = Options.AppPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        ["APP_PROTOCOL"] = Options.AppProtocol,
        ["DAPR_HTTP_PORT"] = HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DAPR_GRPC_PORT"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DAPR_METRICS_PORT"] = MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DAPR_HTTP_ENDPOINT"] = $"http://127.0.0.1:{HttpPort}",
        ["DAPR_GRPC_ENDPOINT"] = $"http://127.0.0.1:{GrpcPort}",
    });

    private Dictionary<string, string> WithTokens(Dictionary<string, string> environment)
    {
        if (Options.DaprApiToken is { Length: > 0 } api)
        {
            environment[ApiTokens.DaprApiTokenVariable] = api;
        }

        if (Options.AppApiToken is { Length: > 0 } app)
        {
            environment[ApiTokens.AppApiTokenVariable] = app;
        }

        return environment;
    }

    internal static async Task<Sidecar> StartAsync(EmulatorHost host, SidecarOptions options, CancellationToken cancellationToken)
    {
        if (!string.Equals(options.AppProtocol, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"App '{options.AppId}': app protocol '{options.AppProtocol}' is not supported by the emulator (use http).");
        }

        // daprd refuses to start with a probe timeout over the interval (pkg/runtime/config.go).
        var health = options.EnableAppHealthCheck ? AppHealthSettings.From(options) : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(host.Options.LoggerFactory);
        ListenOptions? httpListen = null;
        ListenOptions? grpcListen = null;
        ListenOptions? metricsListen = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, options.HttpPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                httpListen = l;
            });
            k.Listen(IPAddress.Loopback, options.GrpcPort, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                grpcListen = l;
            });
            k.Listen(IPAddress.Loopback, options.MetricsPort, l =>
            {
                l.Protocols = HttpProtocols.Http1;
                metricsListen = l;
            });
        });

        var metrics = new SidecarMetrics(options.AppId) { Enabled = MetricsSettings.Enabled(host.Resources.Configuration) };
        var app = options.AppPort is { } port
            ? new AppChannel(options.AppId, port, options.AppApiToken, metrics, options.AppMaxConcurrency)
            : null;
        Sidecar? sidecar = null;
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(_ => sidecar!);
        SidecarRoutes.AddServices(builder.Services);

        var web = builder.Build();
        sidecar = new Sidecar(host, options, web, app, metrics) { _healthSettings = health };
        SidecarRoutes.Map(web);
        await web.StartAsync(cancellationToken);
        sidecar.HttpPort = httpListen!.IPEndPoint!.Port;
        sidecar.GrpcPort = grpcListen!.IPEndPoint!.Port;
        sidecar.MetricsPort = metricsListen!.IPEndPoint!.Port;
        sidecar.Logger.LogInformation("Sidecar for {AppId}: HTTP API on {HttpPort}, gRPC API on {GrpcPort}, metrics on {MetricsPort}, app port {AppPort}",
            options.AppId, sidecar.HttpPort, sidecar.GrpcPort, sidecar.MetricsPort, options.AppPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        sidecar._initialization = sidecar.InitializeAppAsync();
        return sidecar;
    }

    private async Task InitializeAppAsync()
    {
        try
        {
            if (App is not null)
            {
                await App.WaitForPortAsync(Host.Options.AppStartTimeout, Stopping);
                if (Options.EnableAppHealthCheck)
                {
                    // daprd starts the probes and carries on: subscriptions and actors wait for the first healthy probe.
                    StartHealthChecks(App);
                    _runtimeReady.TrySetResult();
                    return;
                }

                await OnAppHealthChangedAsync(healthy: true);
            }

            _runtimeReady.TrySetResult();
            _appReady.TrySetResult();
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            _runtimeReady.TrySetCanceled(Stopping);
            _appReady.TrySetCanceled(Stopping);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "App {AppId} could not be initialized", AppId);
            _runtimeReady.TrySetException(ex);
            _appReady.TrySetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_health is not null)
        {
            await _health.DisposeAsync();
        }

        try
        {
            await _initialization;
        }
        catch (Exception) when (_initialization.IsFaulted || _initialization.IsCanceled)
        {
            // Already reported through AppReady.
        }

        await _web.StopAsync(CancellationToken.None);
        await _web.DisposeAsync();
        App?.Dispose();
        _healthChanges.Dispose();
        _stopping.Dispose();
    }
}
