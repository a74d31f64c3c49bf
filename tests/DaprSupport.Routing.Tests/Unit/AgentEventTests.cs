using Dapr.Client;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// An agent's version is given to the router once by this replica: its change event and an accept's own refresh bring
/// the same version, and the second costs no router turn; a newer version, or another agent's, still goes to the
/// router. The event's dispatch pass runs either way.
/// </summary>
public sealed class AgentEventTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_event_of_a_version_the_router_was_given_runs_a_dispatch_pass_without_an_upsert()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0);
        using var dapr = new DaprClientBuilder().Build();
        var dispatcher = actors.Dispatcher(dapr);

        await dispatcher.UpdateAgentAsync(Agent("alice", version: 3));
        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 3)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 2)).WaitAsync(Patience);

        await dispatcher.UpdateAgentAsync(Agent("alice", version: 3));

        Assert.Equal([3], actors.Upserts.Select(a => a.Version));
        Assert.Equal(2, actors.Turns.Count);

        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 4)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("bob", version: 1)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 3) with { Tenant = "other" }).WaitAsync(Patience);

        Assert.Equal([("t", "alice", 3L), ("t", "alice", 4L), ("t", "bob", 1L), ("other", "alice", 3L)],
            actors.Upserts.Select(a => (a.Tenant, a.AgentId, a.Version)));
        Assert.Equal(5, actors.Turns.Count);
    }

    private static AgentSnapshot Agent(string id, long version) =>
        new("t", id, AgentPresence.Online, ["general"], 3, [], null, null, version);
}
