using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Testing;
using static DaprSupport.System.Tests.GatewayTokens;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.System.Tests;

/// <summary>
/// The restart story end to end: the whole system from dapr.yaml is stopped and started again over the same data
/// (etcd, the history file). Queued and assigned sessions, agents' load, router queues, reminders and every
/// visitor's history survive; the visitor resumes and continues, the agent reconnects holding the same sessions.
/// On real daprd this is where actor state read back after a reactivation matters (docs/emulator-fidelity.md).
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class RestartTests
{
    private const string SlaSkill = "restart-sla";
    private static readonly TimeSpan FirstResponse = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sessions_agents_queues_reminders_and_history_survive_a_restart_of_the_whole_system()
    {
        await using var system = await SystemRun.StartAsync(new Dictionary<string, string>
        {
            [$"Routing__Tenants__{Tenant}__Skills__{SlaSkill}__FirstResponseSeconds"] =
                ((int)FirstResponse.TotalSeconds).ToString(global::System.Globalization.CultureInfo.InvariantCulture),

            // "A queue nobody serves" must stay so however long the restart takes: no overflow to the other agent.
            ["Routing__OverflowAfterSeconds"] = "3600",
        });
        using var http = new HttpClient { BaseAddress = system.GatewayBase };
        var agentId = "restart-" + Guid.NewGuid().ToString("N")[..10];
        var agentToken = await StaffTokenAsync(http, agentId, ["general", SlaSkill], capacity: 3);
        var visitorToken = await VisitorTokenAsync(http, "Restarting visitor");
        var queuedToken = await VisitorTokenAsync(http, "Restarting visitor");
        var slaToken = await VisitorTokenAsync(http, "Restarting visitor");

        // Before: an assigned session with messages both ways, one that waits in a queue nobody serves, and one
        // assigned whose first-response SLA reminder is due while the system is down.
        string assigned, queued, sla;
        long lastSeq;
        await using (var agent = await OnlineAgentAsync(Ws(system), agentToken))
        await using (var visitor = await SocketClient.ConnectAsync(Ws(system), visitorToken))
        await using (var waiting = await SocketClient.ConnectAsync(Ws(system), queuedToken))
        await using (var slaVisitor = await SocketClient.ConnectAsync(Ws(system), slaToken))
        {
            assigned = await StartAsync(visitor, "general");
            await AcceptAsync(agent, assigned);
            await SendTextAsync(visitor, assigned, "from the visitor");
            await SendTextAsync(agent, assigned, "from the agent");
            lastSeq = (await visitor.WaitForAsync(f => IsItem(f, assigned) && Text(f) == "from the agent", "agent reply"))
                .GetProperty("seq").GetInt64();

            queued = await StartAsync(waiting, SystemRun.UnservedSkill);
            await waiting.WaitForAsync(f => IsSession(f, queued, "queued"), "queued session");

            sla = await StartAsync(slaVisitor, SlaSkill);
            await AcceptAsync(agent, sla);
        }

        var before = await system.ActorsFor(AppIds.Gateway)
            .CreateActorProxy<IAgentActor>(ActorIds.Agent(Tenant, agentId), ActorTypes.Agent).GetSnapshotAsync();
        Assert.Equal(new[] { assigned, sla }.Order(StringComparer.Ordinal), before.Sessions.Order(StringComparer.Ordinal));

        await system.StopAsync();
        var stopped = DateTimeOffset.UtcNow;
        await system.StartAgainAsync();

        // The visitor resumes from 0: the whole history once, in order, then carries on at the next seq.
        await using (var visitor = await SocketClient.ConnectAsync(Ws(system), visitorToken))
        {
            await visitor.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [assigned] = 0 } });
            var session = await visitor.WaitForAsync(f => IsSession(f, assigned), "resumed session");
            Assert.Equal("assigned", session.GetProperty("status").GetString());
            Assert.Equal(agentId, session.GetProperty("agentId").GetString());
            await visitor.WaitForAsync(f => IsItem(f, assigned) && f.GetProperty("seq").GetInt64() == lastSeq, "last item");
            Assert.Equal(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i), visitor.Seqs(assigned));
            var next = await SendTextAsync(visitor, assigned, "after the restart");
            Assert.Equal(lastSeq + 1, next);

            // The agent reconnects (same token, it has not expired) and holds the same sessions and capacity.
            await using var agent = await OnlineAgentAsync(Ws(system), agentToken);
            await agent.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [assigned] = lastSeq } });
            await agent.WaitForAsync(f => IsItem(f, assigned) && Text(f) == "after the restart", "visitor's new message");
            await SendTextAsync(agent, assigned, "still here");
            await visitor.WaitForAsync(f => IsItem(f, assigned) && Text(f) == "still here", "agent's message after restart");
        }

        var after = await system.ActorsFor(AppIds.Gateway)
            .CreateActorProxy<IAgentActor>(ActorIds.Agent(Tenant, agentId), ActorTypes.Agent).GetSnapshotAsync();
        Assert.Equal(AgentPresence.Online, after.Presence);
        Assert.Equal(before.Sessions.Order(StringComparer.Ordinal), after.Sessions.Order(StringComparer.Ordinal));
        Assert.Equal(3, after.Capacity);

        // The queued session is still in its router queue: the first agent with its skill gets the offer.
        await using (var waiting = await SocketClient.ConnectAsync(Ws(system), queuedToken))
        {
            await waiting.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [queued] = 0 } });
            var frame = await waiting.WaitForAsync(f => IsSession(f, queued), "queued session after restart");
            Assert.Equal("queued", frame.GetProperty("status").GetString());
            var skill = frame.GetProperty("skill").GetString()!;
            var helperToken = await StaffTokenAsync(http, "restart-helper-" + Guid.NewGuid().ToString("N")[..6], [skill], 1);
            await using var helper = await OnlineAgentAsync(Ws(system), helperToken);
            await AcceptAsync(helper, queued);
            await waiting.WaitForAsync(f => IsSession(f, queued, "assigned"), "assigned after restart");
        }

        // The SLA reminder registered before the stop fires after the restart.
        await using (var slaVisitor = await SocketClient.ConnectAsync(Ws(system), slaToken))
        {
            await slaVisitor.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sla] = 0 } });
            var breach = await slaVisitor.WaitForAsync(
                f => IsItem(f, sla) && Event(f) == "sla_breached",
                "first-response breach", FirstResponse + TimeSpan.FromSeconds(15));
            Assert.True(breach.GetProperty("ts").GetDateTimeOffset() > stopped,
                $"the breach fired at {breach.GetProperty("ts")}, before the system stopped at {stopped:O}");
        }
    }
}

/// <summary>The restart test stops and starts a system of its own, never the shared one.</summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection
{
    public const string Name = "restart";
}
