using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Testing;
using static DaprSupport.System.Tests.GatewayTokens;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.System.Tests;

/// <summary>
/// The deployment docs/scaling.md plans for: two instances of the sessions app and two of the agents app, as
/// Kubernetes runs them, with placement spreading their actors over the instances (docs/emulator-fidelity.md). Chats
/// work across them. When a sessions instance ends (a pod rolled or lost) its actors come up on the other with their
/// state: the chats carry on with the next seq, nothing lost or shown twice. When the agents instance holding the
/// agent ends, the agent comes up on the other one with its sessions and presence, and is offered the next chat.
/// </summary>
[Collection(ReplicaCollection.Name)]
public sealed class SessionsReplicaTests
{
    private const int Chats = 6;

    [Fact]
    public async Task Chats_run_over_two_sessions_and_agents_instances_and_carry_on_when_an_instance_of_either_ends()
    {
        await using var system = await SystemRun.StartAsync(replicas: new Dictionary<string, int>
        {
            [AppIds.Sessions] = 2,
            [AppIds.Agents] = 2,
        });
        using var http = new HttpClient { BaseAddress = system.GatewayBase };
        var agentId = "replica-" + Guid.NewGuid().ToString("N")[..10];
        await using var agent = await OnlineAgentAsync(Ws(system), await StaffTokenAsync(http, agentId, ["general"], Chats + 1));
        var visitors = new List<(SocketClient Socket, string Session)>();
        try
        {
            for (var i = 0; i < Chats; i++)
            {
                var visitor = await SocketClient.ConnectAsync(Ws(system), await VisitorTokenAsync(http, $"Visitor {i}"));
                var session = await StartAsync(visitor, "general");
                visitors.Add((visitor, session));
                await AcceptAsync(agent, session);
                await SendTextAsync(visitor, session, $"question {i}");
                await SendTextAsync(agent, session, $"answer {i}");
                await visitor.WaitForAsync(f => IsItem(f, session) && Text(f) == $"answer {i}", "the agent's answer");
            }

            // Placement spread the sessions app's actors (sessions, visitors, routers, index shares, ...) over both.
            var instances = system.Host.ReplicasOf(AppIds.Sessions);
            Assert.Equal(2, instances.Count);
            Assert.All(instances, instance => Assert.True(
                system.Host.Actors.ActiveActorsOf(instance).Sum(a => a.Count) > 0, $"{instance.InstanceName} hosts no actor"));

            // The sessions instance that holds the first chat ends; its actors come up on the other one.
            var owner = system.Host.Actors.InstanceOf(ActorTypes.Session, ActorIds.Session(Tenant, visitors[0].Session).GetId());
            var ending = Assert.Single(system.Host.ReplicasOf(AppIds.Sessions), s => s.InstanceName == owner);
            var before = visitors.Select(v => v.Socket.Seqs(v.Session).Max()).ToList();
            await system.StopInstanceAsync(ending);
            Assert.Single(system.Host.ReplicasOf(AppIds.Sessions));

            for (var i = 0; i < Chats; i++)
            {
                var (visitor, session) = visitors[i];
                Assert.Equal(before[i] + 1, await SendTextAsync(visitor, session, $"after {i}"));
                await agent.WaitForAsync(f => IsItem(f, session) && Text(f) == $"after {i}", "the visitor's text after the end");
                await SendTextAsync(agent, session, $"reply {i}");
                await visitor.WaitForAsync(f => IsItem(f, session) && Text(f) == $"reply {i}", "the agent's reply after the end");

                // Every item once, in order, from the first to the reply.
                var seqs = visitor.Seqs(session);
                Assert.Equal(Enumerable.Range(1, seqs.Count).Select(n => (long)n), seqs);
            }

            // The agents instance holding the agent ends; the agent comes up on the other one as it was.
            var agentActor = ActorIds.Agent(Tenant, agentId);
            var agentOwner = system.Host.Actors.InstanceOf(ActorTypes.Agent, agentActor.GetId());
            await system.StopInstanceAsync(Assert.Single(system.Host.ReplicasOf(AppIds.Agents), s => s.InstanceName == agentOwner));
            var snapshot = await system.ActorsFor(AppIds.Gateway)
                .CreateActorProxy<IAgentActor>(agentActor, ActorTypes.Agent).GetSnapshotAsync();
            Assert.NotEqual(agentOwner, system.Host.Actors.InstanceOf(ActorTypes.Agent, agentActor.GetId()));
            Assert.Equal(AgentPresence.Online, snapshot.Presence);
            Assert.Equal(visitors.Select(v => v.Session).Order(StringComparer.Ordinal), snapshot.Sessions.Order(StringComparer.Ordinal));

            var late = await SocketClient.ConnectAsync(Ws(system), await VisitorTokenAsync(http, "Late visitor"));
            visitors.Add((late, await StartAsync(late, "general")));
            await AcceptAsync(agent, visitors[^1].Session);
            await SendTextAsync(late, visitors[^1].Session, "late question");
            await agent.WaitForAsync(f => IsItem(f, visitors[^1].Session) && Text(f) == "late question", "the late chat's text");
        }
        finally
        {
            foreach (var (socket, _) in visitors)
            {
                await socket.DisposeAsync();
            }
        }
    }
}

/// <summary>The replica test starts a system of its own, never the shared one.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicaCollection
{
    public const string Name = "replicas";
}
