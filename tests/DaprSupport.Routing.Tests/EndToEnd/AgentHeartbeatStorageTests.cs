using DaprSupport.Contracts.Agents;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// A heartbeat is saved only once the stored one is half a lease old (60 s lease here, so never in this test): the
/// agent's state in etcd is not rewritten every 10 s per connected agent, and a new activation still finds the agent
/// online, because the stored lease outlasts the next heartbeat.
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class AgentHeartbeatStorageTests(ReactivationFixture system)
{
    [Fact]
    public async Task Heartbeats_within_half_a_lease_write_nothing_and_a_new_activation_keeps_the_agent_online()
    {
        var tenant = "t-beat-" + Guid.NewGuid().ToString("N")[..8];
        var agentId = "a-" + Guid.NewGuid().ToString("N")[..12];
        var online = await system.Agent(tenant, agentId).SetPresenceAsync(new PresenceUpdate(AgentPresence.Online, ["general"], 3));
        var saved = await StateRevisionAsync(agentId);

        var beats = new List<AgentSnapshot>();
        for (var i = 0; i < 3; i++)
        {
            beats.Add(await system.Agent(tenant, agentId).HeartbeatAsync());
        }

        Assert.Equal(saved, await StateRevisionAsync(agentId));
        Assert.All(beats, b => Assert.Equal(AgentPresence.Online, b.Presence));
        Assert.Equal(online.Version, beats[^1].Version);

        // A claim saves the state, with the newest heartbeat in it.
        Assert.True((await system.Agent(tenant, agentId).TryClaimAsync("s-1")).Claimed);
        Assert.True(await StateRevisionAsync(agentId) > saved);

        system.RestartAgents();
        var after = await system.Agent(tenant, agentId).GetSnapshotAsync();
        Assert.Equal(AgentPresence.Online, after.Presence);
        Assert.Equal(["s-1"], after.Sessions);
    }

    private Task<long> StateRevisionAsync(string agentId) => system.StateRevisionAsync(agentId, "agent");
}
