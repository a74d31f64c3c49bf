using System.Text;
using DaprSupport.Gateway.Connections;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.ServiceDefaults.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// docs/protocol.md "Limits": a connection's queue of frames waiting to be sent is bounded. A client that stops
/// reading overruns it and is disconnected (it resumes elsewhere); one that keeps reading never is.
/// </summary>
public sealed class BackpressureTests
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":\"ping\"}");

    [Fact]
    public async Task A_client_that_stops_reading_overruns_its_queue_and_the_conversation_ends()
    {
        using var factory = Gateway(maxPending: 2);
        using var conversation = factory.Services.GetRequiredService<ConversationFactory>().Create(Visitor());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var pump = conversation.RunAsync(stop.Token);

        for (var i = 0; i < 6; i++)
        {
            conversation.Receive(Ping);
        }

        await pump.WaitAsync(stop.Token);

        // Ends because the conversation completed its outbound queue (what was queued before the overrun still drains).
        var pending = new List<ServerFrame>();
        await foreach (var frame in conversation.Outbound.ReadAllAsync(stop.Token))
        {
            pending.Add(frame);
        }

        Assert.True(conversation.IsOverrun);
        Assert.True(conversation.Overran.IsCancellationRequested);
        Assert.InRange(pending.Count, 0, 2);
        Assert.All(pending, f => Assert.IsType<PongFrame>(f));
    }

    [Fact]
    public async Task A_client_that_keeps_reading_is_never_overrun()
    {
        using var factory = Gateway(maxPending: 2);
        using var conversation = factory.Services.GetRequiredService<ConversationFactory>().Create(Visitor());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var pump = conversation.RunAsync(stop.Token);

        for (var i = 0; i < 6; i++)
        {
            conversation.Receive(Ping);
            Assert.IsType<PongFrame>(await conversation.Outbound.ReadAsync(stop.Token));
        }

        Assert.False(conversation.IsOverrun);
        Assert.False(pump.IsCompleted);
        await stop.CancelAsync();
        await pump;
    }

    private static WebApplicationFactory<TimelineFanout> Gateway(int maxPending) =>
        new InMemoryGatewayFactory().WithWebHostBuilder(b => b.UseSetting("Gateway:MaxPendingFrames", maxPending.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static SupportPrincipal Visitor() => new(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", "Visitor", [], null);
}
