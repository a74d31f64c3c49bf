using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Testing;

/// <summary>
/// An in-process emulator with resources written to a temp folder, and real ASP.NET Core apps on free loopback
/// ports, each with its own sidecar, using the unmodified Dapr SDK. Every sidecar has its own DAPR_API_TOKEN and
/// APP_API_TOKEN (<see cref="SidecarTokens"/>), so every test runs the secured path.
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly string _resourcesDir;
    private readonly List<TestApp> _apps = [];

    private EmulatorHarness(EmulatorHost host, string resourcesDir)
    {
        Host = host;
        _resourcesDir = resourcesDir;
    }

    public EmulatorHost Host { get; }

    /// <summary>The emulator's working directory (its resources, and relative sqlite files such as a history store).</summary>
    public string WorkingDirectory => _resourcesDir;

    /// <summary>Starts an emulator whose resources folder holds the given YAML documents (one file each).</summary>
    public static async Task<EmulatorHarness> StartAsync(params string[] resourceYaml) =>
        await StartAsync(options => { }, resourceYaml);

    public static async Task<EmulatorHarness> StartAsync(Action<EmulatorOptions> configure, params string[] resourceYaml)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var dir = Path.Combine(Path.GetTempPath(), "daprsupport-emulator-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        for (var i = 0; i < resourceYaml.Length; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, $"resource{i:D2}.yaml"), resourceYaml[i]);
        }

        var options = new EmulatorOptions { WorkingDirectory = dir, LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)) };
        options.ResourcesPaths.Add(dir);
        configure(options);
        try
        {
            return new EmulatorHarness(await EmulatorHost.StartAsync(options), dir);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    /// <summary>A sidecar for an app that only calls Dapr (no app port), and a DaprClient for it.</summary>
    public async Task<TestApp> AddClientAsync(string appId)
    {
        var sidecar = await Host.AddSidecarAsync(new SidecarOptions(appId).WithTokens());
        var app = new TestApp(sidecar, null);
        _apps.Add(app);
        await sidecar.AppReady;
        return app;
    }

    /// <summary>
    /// Starts a real ASP.NET Core app on a free port with its sidecar. <paramref name="configure"/> registers services
    /// (the Dapr client and actor runtime already point at the sidecar); <paramref name="map"/> maps its endpoints.
    /// <paramref name="replica"/>: another instance of an app id that may already have one.
    /// <paramref name="appMaxConcurrency"/>: daprd's <c>--app-max-concurrency</c> for its sidecar.
    /// </summary>
    public async Task<TestApp> AddAppAsync(
        string appId,
        Action<WebApplication> map,
        Action<WebApplicationBuilder>? configure = null,
        Action<Dapr.Actors.Runtime.ActorRuntimeOptions>? actors = null,
        bool replica = false,
        int? appMaxConcurrency = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var appPort = LoopbackPorts.Free();
        var sidecar = await Host.AddSidecarAsync(
            new SidecarOptions(appId)
            {
                AppPort = appPort, Replica = replica, AppMaxConcurrency = appMaxConcurrency,
            }.WithTokens());
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{appPort}");
        builder.Services.AddDaprClient(c => c.UseGrpcEndpoint(sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"])
            .UseHttpEndpoint(sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"])
            .UseDaprApiToken(sidecar.Options.DaprApiToken));
        if (actors is not null)
        {
            builder.Services.AddActors(o =>
            {
                o.HttpEndpoint = sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"];
                o.DaprApiToken = sidecar.Options.DaprApiToken;
                actors(o);
            });
        }

        configure?.Invoke(builder);
        var web = builder.Build();
        map(web);
        await web.StartAsync();
        var app = new TestApp(sidecar, web);
        _apps.Add(app);
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_resourcesDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>An app (or a client-only caller) with its sidecar and a Dapr client bound to it.</summary>
public sealed class TestApp(Sidecar sidecar, WebApplication? web) : IAsyncDisposable
{
    public Sidecar Sidecar { get; } = sidecar;

    public WebApplication? Web { get; } = web;

    public DaprClient Client { get; } = new DaprClientBuilder()
        .UseGrpcEndpoint(sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"])
        .UseHttpEndpoint(sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"])
        .UseDaprApiToken(sidecar.Options.DaprApiToken)
        .Build();

    public IActorProxyFactory ActorProxies { get; } = new ActorProxyFactory(new ActorProxyOptions
    {
        HttpEndpoint = sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"],
        DaprApiToken = sidecar.Options.DaprApiToken,
    });

    /// <summary>A plain HTTP client on the sidecar's Dapr HTTP API (with the app's DAPR_API_TOKEN), for wire-level assertions.</summary>
    public HttpClient SidecarHttp { get; } = SidecarTokens.HttpClient(sidecar);

    /// <summary>A raw gRPC channel on the sidecar's Dapr gRPC API that presents the app's DAPR_API_TOKEN.</summary>
    public Grpc.Net.Client.GrpcChannel OpenGrpcChannel() => SidecarTokens.GrpcChannel(Sidecar);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        SidecarHttp.Dispose();
        if (Web is not null)
        {
            await Web.StopAsync();
            await Web.DisposeAsync();
        }
    }
}
