using DaprSupport.Agents;
using DaprSupport.Contracts;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Sessions.Actors;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// Gateway, sessions and agents services running in-process on real ports behind emulator sidecars, with the test
/// tenants. Tests use unique user and session ids, so one system serves a whole test class.
/// </summary>
public class GatewaySystem : IAsyncLifetime
{
    private readonly List<IDisposable> _services = [];
    private EmulatorHarness? _emulator;

    public Uri GatewayHttp { get; private set; } = null!;

    public Uri GatewayWs => new($"ws://127.0.0.1:{GatewayHttp.Port}/v1/ws");

    public IServiceProvider GatewayServices { get; private set; } = null!;

    /// <summary>The APP_API_TOKEN the gateway's sidecar presents (and the gateway requires on its app-channel routes).</summary>
    public string GatewayAppToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHarness.StartAsync(TestComponents.All);
        await StartAsync<AgentActor>(AppIds.Agents, null);
        var sessions = await StartAsync<SessionActor>(AppIds.Sessions, b =>
        {
            b.UseSetting("Routing:OfferTimeoutSeconds", "30");
            // Tests share the tenant and leave sessions queued for skills nobody has: after the default 60 s overflow
            // wait those would be offered to any free agent, i.e. to another test's (a desk test saw two offers).
            b.UseSetting("Routing:OverflowAfterSeconds", "3600");
            ConfigureSessions(b);
        });
        SessionsServices = sessions.Services;
        var gateway = await StartAsync<GatewayService>(AppIds.Gateway, b =>
        {
            b.UseTestTenants()
                .UseSetting("Gateway:PresenceHeartbeat", "00:00:00.200")
                .UseSetting("Gateway:ConnectionBurst", "50")
                .UseSetting("Gateway:ConnectionPerSecond", "25");
            ConfigureGateway(b);
        });
        GatewayServices = gateway.Services;
    }

    /// <summary>The sessions service's own services (e.g. its configuration client and cache).</summary>
    public IServiceProvider SessionsServices { get; private set; } = null!;

    /// <summary>Extra sessions settings of a derived system (applied after the defaults above).</summary>
    protected virtual void ConfigureSessions(IWebHostBuilder builder)
    {
    }

    /// <summary>Extra gateway settings of a derived system (applied after the defaults above; <see cref="GatewayHttp"/> is already set).</summary>
    protected virtual void ConfigureGateway(IWebHostBuilder builder)
    {
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = GatewayHttp };

    public async Task DisposeAsync()
    {
        foreach (var service in Enumerable.Reverse(_services))
        {
            service.Dispose();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    private async Task<WebApplicationFactory<T>> StartAsync<T>(string appId, Action<IWebHostBuilder>? configure)
        where T : class
    {
        var port = LoopbackPorts.Free();
        var sidecar = await _emulator!.Host.AddSidecarAsync(new SidecarOptions(appId) { AppPort = port }.WithTokens());
        if (appId == AppIds.Gateway)
        {
            // Known before the gateway starts, so ConfigureGateway can use it (e.g. to allow the gateway's own origin).
            GatewayHttp = new Uri($"http://127.0.0.1:{port}");
            GatewayAppToken = sidecar.Options.AppApiToken!;
        }

        var factory = new ServiceFactory<T>(sidecar, port, configure);
        _services.Add(factory);
        factory.StartServer();
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));

        return factory;
    }
}
