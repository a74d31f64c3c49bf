using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// A <c>starts</c> run that hits the gateway's per-address cap says so. The gateway accepts the socket and then closes
/// it with 4429; the visitor's <c>start</c> is lost with it, and the report used to show only starts left unassigned.
/// </summary>
public sealed class StartsCapTests
{
    private const int VisitorsAdmitted = 2;

    [Fact]
    public async Task Visitors_the_gateway_closed_are_reported_by_close_code()
    {
        var visitors = 0;
        var closed = 0;
        await using var app = FakeGateway.Create();
        app.MapGet("/metrics", () => string.Create(
            CultureInfo.InvariantCulture, $"support_gateway_closes_total{{code=\"4429\"}} {Volatile.Read(ref closed)}\n"));
        app.Map("/v1/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            if (context.Request.Query["access_token"] == "visitor" && Interlocked.Increment(ref visitors) > VisitorsAdmitted)
            {
                // As the gateway does past MaxConnectionsPerAddress: counted, then closed with the code and a reason.
                Interlocked.Increment(ref closed);
                await socket.CloseAsync((WebSocketCloseStatus)4429, "too many connections", CancellationToken.None);
                return;
            }

            // An admitted visitor's start is answered with its session (no agent takes it), its resolve as resolved.
            var buffer = new byte[1024];
            while (await socket.ReceiveAsync(buffer, CancellationToken.None) is { MessageType: not WebSocketMessageType.Close } read)
            {
                var frame = Encoding.UTF8.GetString(buffer, 0, read.Count);
                var answer = frame.Contains("\"start\"", StringComparison.Ordinal) ? $"{{\"type\":\"ack\",\"sessionId\":\"s-{Guid.NewGuid():N}\"}}"
                    : frame.Contains("\"resolve\"", StringComparison.Ordinal) ? "{\"type\":\"session\",\"status\":\"resolved\"}"
                    : null;
                if (answer is not null)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        await app.StartAsync();
        var options = new CommonOptions(new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromSeconds(0.5), null, null);

        var result = await StartsScenario.RunAsync(
            options, new StartsOptions(Rate: 10, Agents: 1, Grace: TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        var figures = result.Figures.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        Assert.StartsWith("0/5 after", figures["assigned"], StringComparison.Ordinal);
        Assert.StartsWith(
            "4429 × 3 (a per-user or per-address connection cap",
            figures["connections closed by the gateway before the clean-up"],
            StringComparison.Ordinal);
        Assert.False(result.Passed);
    }
}
