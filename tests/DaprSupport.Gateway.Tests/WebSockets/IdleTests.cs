using System.Net.WebSockets;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Tests.Infrastructure;
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
        using var gateway = new KestrelGateway(("Gateway:PingInterval", "00:00:00.100"), ("Gateway:IdleTimeout", "00:00:00.400"));
        var connections = gateway.Services.GetRequiredService<ConnectionCounter>();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{gateway.Socket}?access_token={gateway.VisitorToken()}"), CancellationToken.None);
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
