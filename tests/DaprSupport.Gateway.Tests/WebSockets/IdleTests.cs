using System.Net.WebSockets;
using DaprSupport.Gateway.Connections;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Keep-alive of docs/protocol.md ("Limits"): the server pings and closes a connection that stops answering
/// (here with a 100 ms ping and a 400 ms idle limit, and a real client that never reads, so never answers pings).
/// </summary>
public sealed class IdleTests
{
    [Fact]
    public async Task A_client_that_stops_answering_pings_is_disconnected()
    {
        using var factory = new InMemoryGatewayFactory().WithWebHostBuilder(b => b
            .UseSetting("Gateway:PingInterval", "00:00:00.100")
            .UseSetting("Gateway:IdleTimeout", "00:00:00.400"));
        var port = DaprEmulator.Processes.EtcdProcess.FreePort();
        factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        var token = factory.Services.GetRequiredService<SupportTokens>()
            .Issue(new SupportPrincipal(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null)).Token;
        var connections = factory.Services.GetRequiredService<ConnectionCounter>();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/v1/ws?access_token={token}"), CancellationToken.None);
        Assert.Equal(1, connections.Open);

        // Nothing to await on the server side: watch its connection count with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (connections.Open > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, connections.Open);
    }
}
