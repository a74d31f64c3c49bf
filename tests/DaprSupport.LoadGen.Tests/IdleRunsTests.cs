using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.LoadGen.Tests;

/// <summary>
/// <c>idle --runs N</c> counts every run's memory from the gateway before the first run. A gateway keeps the memory
/// an earlier run's connections used after they close (the next run's reuse it), so a later run counted from its own
/// start read near zero.
/// </summary>
public sealed class IdleRunsTests
{
    private const long Base = 100L << 20;
    private const long PerSocket = 10 << 10;

    [Fact]
    public async Task A_later_run_is_counted_from_the_gateway_before_the_first()
    {
        var open = 0;
        var peak = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapPost("/v1/auth/visitor", () => new { token = "t", visitorId = "v_" + Guid.NewGuid().ToString("N") });

        // Like a runtime that keeps what it grew to: the working set follows the most sockets ever open.
        app.MapGet("/metrics", () => string.Create(
            CultureInfo.InvariantCulture,
            $"process_working_set_bytes {Base + (PerSocket * Volatile.Read(ref peak))}\n"));
        app.Map("/v1/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var now = Interlocked.Increment(ref open);
            InterlockedMax(ref peak, now);
            var buffer = new byte[256];
            while (await socket.ReceiveAsync(buffer, CancellationToken.None) is { MessageType: not WebSocketMessageType.Close })
            {
            }

            Interlocked.Decrement(ref open);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        });
        await app.StartAsync();
        var options = new CommonOptions(
            new Uri(app.Urls.First()), "demo", "key", TimeSpan.FromMilliseconds(100), null, null);

        var result = await IdleScenario.RunAsync(options, connections: 20, runs: 2, CancellationToken.None);

        var figures = result.Figures.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        Assert.Equal("10.0 KB", figures["run 1: gateway working set per connection"]);
        Assert.Equal("10.0 KB", figures["run 2: gateway working set per connection"]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }
}
