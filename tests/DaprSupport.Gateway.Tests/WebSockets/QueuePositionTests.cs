using System.Text.Json;
using DaprSupport.Contracts.Routing;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Queue positions (docs/protocol.md, <c>session.position</c>): a queued session's frame carries its 1-based position
/// in its skill queue, a new <c>session</c> frame follows when the queue moves, stale positions are dropped, and a
/// session that left the queue shows none.
/// </summary>
public sealed class QueuePositionTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task A_waiting_visitor_sees_its_position_move_up_and_none_once_offered()
    {
        var skill = TestUsers.NewSkill();
        var (_, tokenA) = system.Visitor();
        var (_, tokenB) = system.Visitor();
        await using var visitorA = await SocketClient.ConnectAsync(system.GatewayWs, tokenA);
        await using var visitorB = await SocketClient.ConnectAsync(system.GatewayWs, tokenB);

        var sessionA = await StartAsync(visitorA, skill);
        var sessionB = await StartAsync(visitorB, skill);
        var firstA = await visitorA.WaitForAsync(f => IsSession(f, sessionA), "A's session frame");
        var firstB = await visitorB.WaitForAsync(f => IsSession(f, sessionB), "B's session frame");
        Assert.Equal(("queued", 1), (Status(firstA), Position(firstA)));
        Assert.Equal(("queued", 2), (Status(firstB), Position(firstB)));

        // A gives up: B moves up without any change of its own session.
        await visitorA.SendAsync(new { type = "resolve", sessionId = sessionA });
        await visitorA.WaitForAsync(f => IsSession(f, sessionA) && Status(f) == "resolved", "A resolved");
        var movedUp = await visitorB.WaitForAsync(f => IsSession(f, sessionB), "B's position update");
        Assert.Equal(("queued", 1, skill), (Status(movedUp), Position(movedUp), movedUp.GetProperty("skill").GetString()));

        // An agent comes online and the session is offered: the next session frame has no position.
        var (_, agentToken) = system.Agent(skill);
        await using var agent = await SocketClient.ConnectAsync(system.GatewayWs, agentToken);
        await agent.SendAsync(new { type = "presence", status = "online" });
        await agent.WaitForTypeAsync("offer");
        var offered = await visitorB.WaitForAsync(f => IsSession(f, sessionB), "B offered");
        Assert.Equal(("offered", (int?)null), (Status(offered), Position(offered)));
        Assert.False(offered.TryGetProperty("position", out _));
    }

    [Fact]
    public async Task Hello_resume_of_a_queued_session_shows_its_current_position()
    {
        var skill = TestUsers.NewSkill();
        var (_, tokenA) = system.Visitor();
        var (_, tokenB) = system.Visitor();
        await using (var visitorA = await SocketClient.ConnectAsync(system.GatewayWs, tokenA))
        {
            await StartAsync(visitorA, skill);
        }

        string sessionB;
        await using (var first = await SocketClient.ConnectAsync(system.GatewayWs, tokenB))
        {
            sessionB = await StartAsync(first, skill);
        }

        await using var resumed = await SocketClient.ConnectAsync(system.GatewayWs, tokenB);
        await resumed.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionB] = 0 } });
        var session = await resumed.WaitForAsync(f => IsSession(f, sessionB), "session on resume");

        Assert.Equal(("queued", 2), (Status(session), Position(session)));
    }

    [Fact]
    public async Task Positions_read_before_the_last_one_are_dropped_and_an_unchanged_position_sends_nothing()
    {
        var (_, token) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, token);
        var sessionId = await StartAsync(visitor, TestUsers.NewSkill());
        var started = await visitor.WaitForAsync(f => IsSession(f, sessionId), "session frame");
        Assert.Equal(1, Position(started));

        // Later than anything the router publishes during the test, so its own lists count as stale here.
        var asOf = DateTimeOffset.UtcNow.AddHours(1);
        var fanout = system.GatewayServices.GetRequiredService<ReplicaFanout>();
        Assert.Equal(1, fanout.Deliver(Queue(asOf, sessionId, 4)));
        Assert.Equal(1, fanout.Deliver(Queue(asOf.AddSeconds(-1), sessionId, 7)));
        Assert.Equal(1, fanout.Deliver(Queue(asOf.AddSeconds(1), sessionId, 4)));
        Assert.Equal(1, fanout.Deliver(Queue(asOf.AddSeconds(2), sessionId, 3)));
        await visitor.WaitForAsync(f => IsSession(f, sessionId) && Position(f) == 3, "position 3");

        // Frames of one connection keep their order, so everything delivered before position 3 has arrived by now.
        Assert.Equal([1, 4, 3], visitor.Received.Where(f => IsSession(f, sessionId)).Select(Position));
    }

    private static QueuePositions Queue(DateTimeOffset asOf, string sessionId, int position) =>
        new(TestTenants.Acme, "any", asOf, [.. Enumerable.Range(1, position - 1).Select(i => $"s-ahead-{i}"), sessionId]);
}
