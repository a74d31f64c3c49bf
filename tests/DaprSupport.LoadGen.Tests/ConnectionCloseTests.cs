using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// The tool ends its connections as a client should: the close goes after its last frame, and it waits for the
/// server to carry that frame out and echo the close (cancelling the receive first aborted the socket).
/// </summary>
public sealed class ConnectionCloseTests
{
    [Fact]
    public async Task Closing_sends_the_close_after_the_last_frame_and_waits_for_the_servers_echo()
    {
        var seen = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        app.Map("/v1/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            while (await socket.ReceiveAsync(buffer, CancellationToken.None) is { MessageType: not WebSocketMessageType.Close } r)
            {
                seen.Enqueue(Encoding.UTF8.GetString(buffer, 0, r.Count));
            }

            // As the gateway does: what was read is carried out, then the close is echoed.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            seen.Enqueue("carried out");
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        await app.StartAsync();
        using var http = new HttpClient();
        var client = new GatewayClient(new CommonOptions(new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromSeconds(1), null, null), http);
        await client.ConnectAsync("token", "ada", CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var loop = client.ReceiveAsync(_ => Task.CompletedTask, stop.Token);
        await client.SendAsync(new { type = "presence", status = "offline" }, CancellationToken.None);

        await GatewayClient.CloseAllAsync([client], [loop], stop, TimeSpan.FromSeconds(20));

        Assert.Equal(["""{"type":"presence","status":"offline"}""", "carried out"], seen);
    }
}
