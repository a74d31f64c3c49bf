using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// Manual claim mode (issue 12 item 6) and decline (issue 13 item 5) through the real gateway: offers to every eligible
/// agent at once, the first accept wins and the others get <c>offer_ended</c> (taken); capacity holds; a declined
/// offer ends for the decliner (<c>offer_ended</c>, declined) and goes to the next agent.
/// </summary>
public sealed class ClaimModeTests(ConfiguredRoutingGatewaySystem system) : IClassFixture<ConfiguredRoutingGatewaySystem>
{
    private static JsonObject Manual(string skill) =>
        new() { ["name"] = skill, ["assignment"] = "manual", ["offerTimeoutSeconds"] = 60, ["overflowWaitSeconds"] = 600 };

    private static bool IsOffer(JsonElement f, string sessionId) =>
        SocketClient.Type(f) == "offer" && f.GetProperty("sessionId").GetString() == sessionId;

    private static bool IsOfferEnded(JsonElement f, string sessionId) =>
        SocketClient.Type(f) == "offer_ended" && f.GetProperty("sessionId").GetString() == sessionId;

    [Fact]
    public async Task Three_agents_are_offered_at_once_concurrent_accepts_assign_exactly_one_and_the_others_are_told_taken()
    {
        var skill = TestUsers.NewSkill();
        await system.AddSkillGroupsAsync(Manual(skill));
        var agents = new List<(string Id, SocketClient Socket)>();
        for (var i = 0; i < 3; i++)
        {
            var (id, token) = system.Agent(skill);
            agents.Add((id, await OnlineAgentAsync(system, token)));
        }

        try
        {
            var (_, visitorToken) = system.Visitor();
            await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
            var sessionId = await StartAsync(visitor, skill);
            await Task.WhenAll(agents.Select(a => a.Socket.WaitForAsync(f => IsOffer(f, sessionId), "offer to " + a.Id)));

            await Task.WhenAll(agents.Select(a => a.Socket.SendAsync(new { type = "accept", sessionId })));

            var assigned = await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned (visitor)");
            var winner = assigned.GetProperty("agentId").GetString();
            var losers = agents.Where(a => a.Id != winner).ToList();
            Assert.Equal(2, losers.Count);
            var ended = await Task.WhenAll(losers.Select(l => l.Socket.WaitForAsync(f => IsOfferEnded(f, sessionId), "offer_ended at " + l.Id)));
            Assert.All(ended, e => Assert.Equal("taken", e.GetProperty("reason").GetString()));
            await Task.WhenAll(losers.Select(l => l.Socket.WaitForAsync(f => SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() == "conflict", "conflict at " + l.Id)));
            await agents.Single(a => a.Id == winner).Socket.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned (winner)");
        }
        finally
        {
            foreach (var (_, socket) in agents)
            {
                await socket.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_agent_at_capacity_is_not_offered_and_the_session_goes_to_an_agent_with_room()
    {
        var skill = TestUsers.NewSkill();
        await system.AddSkillGroupsAsync(Manual(skill));
        var (_, smallToken) = system.Agent(skill);
        await using var small = await OnlineAgentAsync(system, smallToken);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await StartAsync(visitor, skill));
        }

        // Capacity 2: two offers, each accepted, the third waits (pending offers count as load).
        var offered = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var offer = await small.WaitForAsync(f => SocketClient.Type(f) == "offer" && !offered.Contains(f.GetProperty("sessionId").GetString()!), "offer " + i);
            offered.Add(offer.GetProperty("sessionId").GetString()!);
        }

        await Task.WhenAll(offered.Select(s => small.SendAsync(new { type = "accept", sessionId = s })));
        await Task.WhenAll(offered.Select(s => small.WaitForAsync(f => IsSession(f, s, "assigned"), "assigned " + s)));
        var third = Assert.Single(sessions.Except(offered));
        var (_, roomyToken) = system.Agent(skill);
        await using var roomy = await OnlineAgentAsync(system, roomyToken);

        await roomy.WaitForAsync(f => IsOffer(f, third), "the third session offered to the agent with room");
        Assert.DoesNotContain(small.Received, f => IsOffer(f, third));
    }

    [Fact]
    public async Task A_declined_offer_ends_with_offer_ended_declined_and_goes_to_the_other_agent()
    {
        var skill = TestUsers.NewSkill();
        var (firstId, firstToken) = system.Agent(skill);
        var (secondId, secondToken) = system.Agent(skill);
        await using var first = await OnlineAgentAsync(system, firstToken);
        await using var second = await OnlineAgentAsync(system, secondToken);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        // Only one agent is offered the session at first; the other one's wait goes on and sees the re-offer.
        var waits = new[]
        {
            first.WaitForAsync(f => IsOffer(f, sessionId), "offer (first)"),
            second.WaitForAsync(f => IsOffer(f, sessionId), "offer (second)"),
        };
        var offeredIndex = Array.IndexOf(waits, await Task.WhenAny(waits));
        var (decliner, otherId) = offeredIndex == 0 ? (first, secondId) : (second, firstId);
        var other = offeredIndex == 0 ? second : first;

        await decliner.SendAsync(new { type = "decline", sessionId });

        var ended = await decliner.WaitForAsync(f => IsOfferEnded(f, sessionId), "offer_ended (decliner)");
        Assert.Equal("declined", ended.GetProperty("reason").GetString());
        await waits[1 - offeredIndex];
        await other.SendAsync(new { type = "accept", sessionId });
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned") && f.GetProperty("agentId").GetString() == otherId, "assigned to the other agent");
    }

    [Fact]
    public async Task Decline_without_a_session_or_from_a_visitor_is_refused_with_an_error_frame()
    {
        var (_, agentToken) = system.Agent(TestUsers.NewSkill());
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (_, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);

        await agent.SendAsync(new { type = "decline" });
        await visitor.SendAsync(new { type = "decline", sessionId = "s-x" });
        await agent.SendAsync(new { type = "decline", sessionId = "s-" + Guid.NewGuid().ToString("N") });

        Assert.Equal("bad_frame", (await agent.WaitForTypeAsync("error")).GetProperty("code").GetString());
        Assert.Equal("forbidden", (await visitor.WaitForTypeAsync("error")).GetProperty("code").GetString());
        var notOffered = await agent.WaitForAsync(f => SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() != "bad_frame", "refusal of a session not offered");
        Assert.Contains(notOffered.GetProperty("code").GetString(), new[] { "not_found", "conflict" });
    }
}
