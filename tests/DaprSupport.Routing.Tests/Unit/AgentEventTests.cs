using Dapr.Client;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// An agent's version is given to the router once by this replica: its change event and an accept's own refresh bring
/// the same version, and the second costs no router turn; a newer version, or another agent's, still goes to the
/// router. The event's dispatch pass runs unless a pass has started since the router took that version (that pass
/// saw it): an accept's or a resolve's event then costs no router turn at all.
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
        await dispatcher.UpdateAgentAsync(Agent("alice", version: 3));

        Assert.Equal([3], actors.Upserts.Select(a => a.Version));
        Assert.Single(actors.Turns);

        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 4)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("bob", version: 1)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 3) with { Tenant = "other" }).WaitAsync(Patience);

        Assert.Equal([("t", "alice", 3L), ("t", "alice", 4L), ("t", "bob", 1L), ("other", "alice", 3L)],
            actors.Upserts.Select(a => (a.Tenant, a.AgentId, a.Version)));
        Assert.Equal(4, actors.Turns.Count);
    }

    [Fact]
    public async Task The_event_of_a_version_given_before_a_pass_started_costs_no_router_turn()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0);
        using var dapr = new DaprClientBuilder().Build();
        var dispatcher = actors.Dispatcher(dapr);

        // A resolve gives the released agent, then asks for a pass; the release's event arrives after that pass.
        await dispatcher.UpdateAgentAsync(Agent("alice", version: 5));
        await dispatcher.DispatchAsync("t").WaitAsync(Patience);
        var calls = actors.Calls.Count;

        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 5)).WaitAsync(Patience);
        await dispatcher.OnAgentChangedAsync(Agent("alice", version: 4)).WaitAsync(Patience);

        Assert.Equal(calls, actors.Calls.Count);
        Assert.Single(actors.Turns);
        Assert.Single(actors.Upserts);
    }

    private static AgentSnapshot Agent(string id, long version) =>
        new("t", id, AgentPresence.Online, ["general"], 3, [], null, null, version);
}
