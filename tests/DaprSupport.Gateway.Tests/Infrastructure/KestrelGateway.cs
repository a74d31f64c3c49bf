using System.Net;
using DaprSupport.DaprEmulator.Processes;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>The gateway alone (no sidecar, test tenants) on a real Kestrel port with extra settings: for connection-level rules.</summary>
public sealed class KestrelGateway : IDisposable
{
    private readonly WebApplicationFactory<GatewayService> _factory;

    public KestrelGateway(params (string Key, string Value)[] settings)
    {
        _factory = new InMemoryGatewayFactory().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
        var port = LoopbackPorts.Free();
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        Socket = new Uri($"ws://127.0.0.1:{port}/v1/ws");
    }

    public Uri Socket { get; }

    public IServiceProvider Services => _factory.Services;

    public string VisitorToken(string tenant = TestTenants.Acme) => Services.GetRequiredService<SupportTokens>()
        .Issue(new SupportPrincipal(tenant, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null)).Token;

    public string AgentToken(string agentId, string tenant = TestTenants.Acme) => Services
        .GetRequiredService<SupportTokens>()
        .Issue(new SupportPrincipal(tenant, agentId, "agent", null, ["general"], 2)).Token;

    public void Dispose() => _factory.Dispose();
}
