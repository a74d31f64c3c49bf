using DaprSupport.Gateway;
using System.Text;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// docs/protocol.md "Limits": a connection's queue of frames waiting to be sent is bounded. A client that stops
/// reading overruns it and is disconnected (it resumes elsewhere); one that keeps reading never is.
/// </summary>
public sealed class BackpressureTests : IDisposable
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":\"ping\"}");

    // A conversation that may have two frames waiting, its pump running (one per test).
    private readonly WebApplicationFactory<GatewayService> _factory = Gateway(maxPending: 2);
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(15));
    private readonly Conversation _conversation;
    private readonly Task _pump;

    public BackpressureTests()
    {
        _conversation = _factory.Services.GetRequiredService<ConversationFactory>().Create(Visitor());
        _pump = _conversation.RunAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        _conversation.Dispose();
        _stop.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_client_that_stops_reading_overruns_its_queue_and_the_conversation_ends()
    {
        var overruns = GatewayMetrics.Overruns.Value;
        for (var i = 0; i < 6; i++)
        {
            _conversation.Receive(Ping);
        }

        await _pump.WaitAsync(_stop.Token);

        // Ends because the conversation completed its outbound queue (what was queued before the overrun still drains).
        var pending = new List<ServerFrame>();
        await foreach (var frame in _conversation.Outbound.ReadAllAsync(_stop.Token))
        {
            pending.Add(frame);
        }

        Assert.True(_conversation.IsOverrun);
        Assert.True(_conversation.Ending.IsCancellationRequested);
        Assert.Equal(ConversationEnd.Overrun, _conversation.End);
        Assert.True(GatewayMetrics.Overruns.Value > overruns, "support_gateway_overruns_total did not move");
        Assert.InRange(pending.Count, 0, 2);
        Assert.All(pending, f => Assert.IsType<PongFrame>(f));
    }

    [Fact]
    public async Task A_client_that_keeps_reading_is_never_overrun()
    {
        for (var i = 0; i < 6; i++)
        {
            _conversation.Receive(Ping);
            Assert.IsType<PongFrame>(await _conversation.Outbound.ReadAsync(_stop.Token));
        }

        Assert.False(_conversation.IsOverrun);
        Assert.False(_pump.IsCompleted);
        await _stop.CancelAsync();
        await _pump;
    }

    private static WebApplicationFactory<GatewayService> Gateway(int maxPending) =>
        new InMemoryGatewayFactory().WithWebHostBuilder(b => b.UseSetting("Gateway:MaxPendingFrames", maxPending.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static SupportPrincipal Visitor() => new(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", "Visitor", [], null);
}
