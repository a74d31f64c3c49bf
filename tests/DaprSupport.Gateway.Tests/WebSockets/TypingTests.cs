using System.Text.Json;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// <c>typing</c> (docs/protocol.md "Typing"): relayed over the fanout to the session's other followers, the visitor
/// shown to staff by handle, at most one per sender per session per 2 s, never stored.
/// </summary>
public sealed class TypingTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Typing_reaches_the_other_side_both_ways_and_never_the_sender()
    {
        var skill = TestUsers.NewSkill();
        var (_, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await AssignedAsync(visitor, agent, skill);

        await visitor.SendAsync(new { type = "typing", sessionId });
        var atAgent = await agent.WaitForAsync(f => IsTyping(f, sessionId, "visitor"), "visitor typing at the agent");
        await agent.SendAsync(new { type = "typing", sessionId });
        var atVisitor = await visitor.WaitForAsync(f => IsTyping(f, sessionId, "agent"), "agent typing at the visitor");
        await SettledAsync(visitor);
        await SettledAsync(agent);

        Assert.Equal(VisitorHandles.Of(TestTenants.Acme, visitorId), atAgent.GetProperty("by").GetProperty("id").GetString());
        Assert.Equal("typing", atAgent.EnumerateObject().First().Value.GetString());
        Assert.Equal(["type", "sessionId", "by"], atVisitor.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(visitor.Received, f => IsTyping(f, sessionId, "visitor"));
        Assert.DoesNotContain(agent.Received, f => IsTyping(f, sessionId, "agent"));
        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "error");
    }

    [Fact]
    public async Task Typing_more_often_than_every_two_seconds_is_dropped_silently()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var sessionId = await AssignedAsync(visitor, agent, skill);

        for (var i = 0; i < 3; i++)
        {
            await visitor.SendAsync(new { type = "typing", sessionId });
        }

        // The agent's signal is published after the visitor's (its pong proves they were handled) on the same
        // partition (the session id), so once the visitor sees it every relayed visitor signal reached the agent.
        await SettledAsync(visitor);
        await agent.SendAsync(new { type = "typing", sessionId });
        await visitor.WaitForAsync(f => IsTyping(f, sessionId, "agent"), "agent typing at the visitor");
        await SettledAsync(agent);

        Assert.Single(agent.Received, f => IsTyping(f, sessionId, "visitor"));
        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "error");
    }

    [Fact]
    public async Task Typing_is_never_in_the_timeline_or_a_resume()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await AssignedAsync(visitor, agent, skill);
        await visitor.SendAsync(new { type = "typing", sessionId });
        await agent.WaitForAsync(f => IsTyping(f, sessionId, "visitor"), "visitor typing at the agent");

        await using var resumed = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        await resumed.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        var assigned = await resumed.WaitForAsync(
            f => IsItem(f, sessionId, -1) && f.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String
                && e.GetString() == "assigned", "replayed assigned event");
        await SettledAsync(resumed);
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}/timeline");
        request.Headers.Authorization = new("Bearer", visitorToken);
        using var response = await http.SendAsync(request);
        var timeline = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(resumed.Received, f => SocketClient.Type(f) == "typing");
        Assert.DoesNotContain("typing", timeline, StringComparison.Ordinal);
        var upTo = assigned.GetProperty("seq").GetInt64();
        Assert.Equal(Enumerable.Range(1, (int)upTo).Select(i => (long)i), resumed.Seqs(sessionId).Where(s => s <= upTo));
    }

    [Fact]
    public async Task Typing_from_a_supervisor_a_stranger_or_without_session_is_refused()
    {
        var skill = TestUsers.NewSkill();
        await using var agent = await OnlineAgentAsync(system, system.Agent(skill).Token);
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var sessionId = await AssignedAsync(visitor, agent, skill);
        await using var supervisor = await SocketClient.ConnectAsync(system.GatewayWs, system.Agent(skill, "supervisor").Token);
        await using var stranger = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        await using var otherTenant = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor(TestTenants.Globex).Token);

        await supervisor.SendAsync(new { type = "typing", sessionId });
        await stranger.SendAsync(new { type = "typing", sessionId });
        await otherTenant.SendAsync(new { type = "typing", sessionId });
        await visitor.SendTextAsync("""{"type":"typing"}""");

        Assert.Equal("forbidden", (await supervisor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.Equal("not_found", (await stranger.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.Equal("not_found", (await otherTenant.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.Equal("bad_frame", (await visitor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        await SettledAsync(agent);
        Assert.DoesNotContain(agent.Received, f => SocketClient.Type(f) == "typing");
    }
}
