using Dapr.Client;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Configuration;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Hours;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// A resolve or a transfer takes what it needs from the session's own turn: the session as the turn found it (its
/// agent) and the agent as the release left it. It reads neither the session before nor the agent after; only a
/// replayed request, whose turn brings neither, asks the agent. The router takes the agent's view and forgets the
/// session in one turn. A supervisor who held the chat (no agent actor, version 0) is never
/// given to the router.
/// </summary>
public sealed class ReleaseFlowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_resolve_gives_the_router_the_released_agent_without_reading_the_session_or_the_agent()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0);
        actors.Answer = ResolvedFrom("alice", agentVersion: 7);
        using var dapr = new DaprClientBuilder().Build();

        var result = await Flows(actors, dapr).ResolveAsync("t", "s-1", new ResolveRequest("alice", Roles.Agent));

        Assert.Equal(SessionStatus.Resolved, result.Session!.Status);
        Assert.Equal([7L], actors.Upserts.Select(a => a.Version));
        await actors.InTurn.Task.WaitAsync(Patience);
        Assert.DoesNotContain(actors.Calls, Call(nameof(ISessionActor.GetAsync)));
        Assert.DoesNotContain(actors.Calls, Call(nameof(IAgentActor.GetSnapshotAsync)));

        // The agent's view and the removal are one router turn.
        Assert.Equal(["s-1"], actors.Settled);
        Assert.DoesNotContain(actors.Calls, Call(nameof(IRouterActor.RemoveAsync)));
        Assert.DoesNotContain(actors.Calls, Call(nameof(IRouterActor.UpsertAgentAsync)));
    }

    [Fact]
    public async Task A_second_give_of_the_same_agent_version_waits_for_the_first_ones_withdrawals()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0) { WithdrawGate = gate };
        actors.WithdrawnByUpsert.Enqueue([new PlannedOffer("s-1", "alice", "o-1", "general", DateTimeOffset.MaxValue)]);
        using var dapr = new DaprClientBuilder().Build();
        var dispatcher = actors.Dispatcher(dapr);
        var offline = Agent("alice", version: 9) with { Presence = AgentPresence.Offline };

        // The agent's change event and the presence call bring the same version; the router hands the withdrawn
        // offer to the first give only, so the second must not answer before that withdrawal is done.
        var first = dispatcher.UpdateAgentAsync(offline);
        await actors.Withdrawing.Task.WaitAsync(Patience);
        var second = dispatcher.UpdateAgentAsync(offline);
        Assert.False(second.IsCompleted);

        gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Patience);
        Assert.Single(actors.Upserts);
    }

    [Fact]
    public async Task A_router_that_knows_no_settle_gets_the_agent_and_the_removal_apart()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0) { SettleUnknown = true };
        actors.Answer = ResolvedFrom("alice", agentVersion: 7);
        using var dapr = new DaprClientBuilder().Build();

        await Flows(actors, dapr).ResolveAsync("t", "s-1", new ResolveRequest("alice", Roles.Agent));

        Assert.Equal([7L], actors.Upserts.Select(a => a.Version));
        Assert.Contains(actors.Calls, Call(nameof(IRouterActor.RemoveAsync)));
    }

    [Fact]
    public async Task A_transfer_requeues_without_the_agent_the_turn_found_and_reads_neither_session_nor_agent()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0);
        var assigned = Session(SessionStatus.Assigned, "alice");
        var queued = assigned with { Status = SessionStatus.Queued, AgentId = null };
        actors.Answer = new SessionResult(queued, null, Agent("alice", version: 8), Before: assigned);
        using var dapr = new DaprClientBuilder().Build();

        var result = await Flows(actors, dapr).TransferAsync(
            "t", "s-1", new TransferRequest("alice", Roles.Agent, null, "general"));

        Assert.Equal(SessionStatus.Queued, result.Session!.Status);
        Assert.Equal(["alice"], Assert.Single(actors.Enqueued).ExcludedAgents);
        Assert.Equal([8L], actors.Upserts.Select(a => a.Version));
        Assert.DoesNotContain(actors.Calls, Call(nameof(ISessionActor.GetAsync)));
        Assert.DoesNotContain(actors.Calls, Call(nameof(IAgentActor.GetSnapshotAsync)));
    }

    [Fact]
    public async Task A_replayed_resolve_asks_the_agent_it_names()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0)
        {
            Answer = SessionResult.Ok(Session(SessionStatus.Resolved, "alice")),
            Agent = Agent("alice", version: 9),
        };
        using var dapr = new DaprClientBuilder().Build();

        await Flows(actors, dapr).ResolveAsync("t", "s-1", new ResolveRequest("alice", Roles.Agent));

        Assert.Equal([9L], actors.Upserts.Select(a => a.Version));
        Assert.Contains(actors.Calls, Call(nameof(IAgentActor.GetSnapshotAsync)));
    }

    [Fact]
    public async Task A_supervisor_who_held_the_chat_is_not_given_to_the_router()
    {
        var actors = new DispatchRecoveryTests.FakeActors(refusals: 0);
        actors.Answer = ResolvedFrom("sue", agentVersion: 0);
        using var dapr = new DaprClientBuilder().Build();

        await Flows(actors, dapr).ResolveAsync("t", "s-1", new ResolveRequest("sue", Roles.Supervisor));

        Assert.Empty(actors.Upserts);
    }

    private static SessionFlows Flows(DispatchRecoveryTests.FakeActors actors, DaprClient dapr)
    {
        var cache = new TenantConfigCache(TestSigning.Signer(), NullLogger<TenantConfigCache>.Instance);
        return new SessionFlows(
            actors, actors.Dispatcher(dapr),
            new QueuePositionPublisher(actors, dapr, NullLogger<QueuePositionPublisher>.Instance),
            new TenantHours(cache, TimeProvider.System), TimeProvider.System);
    }

    /// <summary>A resolve's answer: the session the agent held, resolved, and the agent as its release left it.</summary>
    private static SessionResult ResolvedFrom(string agentId, long agentVersion)
    {
        var held = Session(SessionStatus.Assigned, agentId);
        return new SessionResult(
            held with { Status = SessionStatus.Resolved }, null, Agent(agentId, agentVersion), Before: held);
    }

    /// <summary>Whether a logged call ("actor id.method") is of this method.</summary>
    private static Predicate<string> Call(string method) =>
        c => c.EndsWith("." + method, StringComparison.Ordinal);

    private static SessionSnapshot Session(SessionStatus status, string agentId) =>
        new("t", "s-1", status, "general", "v-1", agentId, 3);

    private static AgentSnapshot Agent(string id, long version) =>
        new("t", id, AgentPresence.Online, ["general"], 3, [], null, null, version);
}
