using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// The <c>starts</c> clean-up resolves every session the run created, also one whose visitor never learnt it (the
/// answer to its start was lost under overload), and sends a resolve again until it is confirmed. Sessions left open
/// were queued again for the next run's agents: a 15/s run after a 30/s one assigned 446 to 566 of 600.
/// </summary>
public sealed class StartsCleanupTests
{
    [Fact]
    public async Task A_visitor_that_never_learnt_its_session_starts_again_and_each_resolve_is_sent_until_confirmed()
    {
        var starts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var resolved = new ConcurrentBag<string>();
        await using var app = FakeGateway.Create();
        app.Map("/v1/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer, CancellationToken.None) is { MessageType: not WebSocketMessageType.Close } read)
            {
                var frame = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, read.Count))!;
                switch ((string?)frame["type"])
                {
                    // The first start's answer is lost; the same start again is answered with its session.
                    case "start" when starts.AddOrUpdate((string)frame["clientMsgId"]!, 1, (_, n) => n + 1) > 1:
                        var ack = JsonSerializer.SerializeToUtf8Bytes(new { type = "ack", sessionId = "s-" + (string)frame["clientMsgId"]! });
                        await socket.SendAsync(ack, WebSocketMessageType.Text, true, CancellationToken.None);
                        break;
                    // The first resolve fails as under overload; the next is confirmed.
                    case "resolve":
                        var sessionId = (string)frame["sessionId"]!;
                        var answer = resolved.Contains(sessionId)
                            ? JsonSerializer.SerializeToUtf8Bytes(new { type = "session", sessionId, status = "resolved" })
                            : JsonSerializer.SerializeToUtf8Bytes(new { type = "error", code = "unavailable", message = "busy" });
                        resolved.Add(sessionId);
                        await socket.SendAsync(answer, WebSocketMessageType.Text, true, CancellationToken.None);
                        break;
                }
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        await app.StartAsync();
        var options = new CommonOptions(new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromSeconds(0.3), null, null);

        var result = await StartsScenario.RunAsync(
            options, new StartsOptions(Rate: 10, Agents: 1, Grace: TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.StartsWith("0/3 after", result.Figures.Single(f => f.Name == "assigned").Value, StringComparison.Ordinal);
        Assert.Equal(3, starts.Count);
        Assert.Equal(
            starts.Keys.SelectMany(id => new[] { "s-" + id, "s-" + id }).Order(StringComparer.Ordinal),
            resolved.Order(StringComparer.Ordinal));
    }
}
