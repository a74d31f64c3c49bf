using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// A stand-in gateway on a free loopback port for the scenarios' own tests: WebSockets on, and the two token routes
/// answering <c>agent</c> and <c>visitor</c> as tokens (the test maps <c>/v1/ws</c> and whatever else it needs).
/// </summary>
internal static class FakeGateway
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/v1/auth/token", () => new { token = "agent" });
        app.MapPost("/v1/auth/visitor", () => new { token = "visitor", visitorId = "v_" + Guid.NewGuid().ToString("N") });
        return app;
    }

    /// <summary>
    /// <c>/v1/ws</c>: each client frame, parsed, goes to <paramref name="onFrame"/> with a way to answer it on the same
    /// socket, until the client closes.
    /// </summary>
    public static void MapFrames(this WebApplication app, Func<JsonNode, Func<object, Task>, Task> onFrame)
    {
        app.Map("/v1/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer, CancellationToken.None) is { MessageType: not WebSocketMessageType.Close } read)
            {
                await onFrame(
                    JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, read.Count))!,
                    frame => socket.SendAsync(
                        JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None));
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
    }
}
