using System.Net.WebSockets;
using DaprSupport.Gateway.Realtime.Transport;
using DaprSupport.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// A WebSocket keeps its upgrade request for the connection's whole life, so the socket endpoint holds connections
/// (<c>ConnectionEndpoints</c> in ServiceDefaults): its requests skip the per-request middlewares, none of which then
/// stays suspended for every idle socket. Seen from outside: an open socket is not an HTTP request in progress, and
/// its life is not timed as a request's duration; the gateway's own connection metrics count it.
/// </summary>
public sealed class ConnectionPipelineTests
{
    private const string SocketSeries = "endpoint=\"/v1/ws\"";

    [Fact]
    public async Task An_open_socket_is_neither_an_http_request_in_progress_nor_timed_as_one()
    {
        using var gateway = new KestrelGateway();
        var connections = gateway.Services.GetRequiredService<ConnectionCounter>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{gateway.Socket.Authority}") };
        (await http.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(
                new Uri($"{gateway.Socket}?access_token={gateway.VisitorToken()}"), CancellationToken.None);
            Assert.Equal(1, connections.Open);

            var whileOpen = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains(
                "http_requests_in_progress{method=\"GET\",controller=\"\",action=\"\",endpoint=\"/health\"} 0",
                whileOpen, StringComparison.Ordinal);
            Assert.DoesNotContain(SocketSeries, whileOpen, StringComparison.Ordinal);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }

        // The server ends the request after the close handshake; nothing to await on its side but its count.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (connections.Open > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, connections.Open);
        var afterClose = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.DoesNotContain(SocketSeries, afterClose, StringComparison.Ordinal);

        // Plain requests are still measured.
        Assert.Contains(
            "http_request_duration_seconds_count{code=\"200\",method=\"GET\",controller=\"\",action=\"\",endpoint=\"/health\"}",
            afterClose, StringComparison.Ordinal);
    }
}
