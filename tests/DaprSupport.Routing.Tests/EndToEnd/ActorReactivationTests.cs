using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Each actor type activated afresh over stored state (its service restarted behind the same sidecar): two read-only
/// calls, then a write and a removal, and nothing is lost — also after a further restart. With the repository's actor
/// store (state.etcd v1) this holds. On state.etcd v2 every value reads back with ttlExpireTime = its write time and
/// Dapr.Actors 1.19 treats such state as absent, so each of these fails (the sessions, agents and queues "vanish").
/// </summary>
[Collection(ReactivationCollection.Name)]
public sealed class ActorReactivationTests(ReactivationFixture system)
{
    private static string NewTenant() => "t-react-" + Guid.NewGuid().ToString("N")[..8];

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>SessionActor keeps no removable state of its own (a session is never deleted); its write is an append.</summary>
    [Fact]
    public async Task Session_read_twice_after_reactivation_keeps_its_state_and_accepts_the_next_append()
    {
        var tenant = NewTenant();
        var sessionId = NewId("s");
        var created = await system.Session(tenant, sessionId).CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-1", "hello"));
        Assert.Null(created.Error);
        var lastSeq = created.Session!.LastSeq;

        system.RestartSessions();
        var session = system.Session(tenant, sessionId);
        foreach (var read in new[] { await session.GetAsync(), await session.GetAsync() })
        {
            Assert.Equal(SessionStatus.Queued, read.Status);
            Assert.Equal(lastSeq, read.LastSeq);
        }

        var appended = await session.AppendTextAsync(new AppendTextRequest("m-2", Roles.Visitor, "v-1", "Vi", "still there?"));
        Assert.Null(appended.Error);
        Assert.Equal(lastSeq + 1, appended.Seq);
        var retried = await session.CreateAsync(new CreateSessionRequest("v-1", "Vi", null, 0, "m-1", "hello"));
        Assert.Equal(lastSeq + 1, retried.Session!.LastSeq);

        system.RestartSessions();
        var after = await system.Session(tenant, sessionId).GetAsync();
        Assert.Equal(SessionStatus.Queued, after.Status);
        Assert.Equal(lastSeq + 1, after.LastSeq);
    }

    [Fact]
    public async Task Agent_read_twice_after_reactivation_keeps_presence_and_load_and_a_claim_and_a_release_both_stick()
    {
        var tenant = NewTenant();
        var agentId = NewId("a");
        await system.Agent(tenant, agentId).SetPresenceAsync(new PresenceUpdate(AgentPresence.Online, ["general"], 3));
        Assert.True((await system.Agent(tenant, agentId).TryClaimAsync("s-1")).Claimed);
        Assert.True((await system.Agent(tenant, agentId).TryClaimAsync("s-2")).Claimed);

        system.RestartAgents();
        var agent = system.Agent(tenant, agentId);
        foreach (var read in new[] { await agent.GetSnapshotAsync(), await agent.GetSnapshotAsync() })
        {
            Assert.Equal(AgentPresence.Online, read.Presence);
            Assert.Equal(["s-1", "s-2"], read.Sessions.Order(StringComparer.Ordinal));
        }

        var claim = await agent.TryClaimAsync("s-3");
        Assert.True(claim.Claimed, claim.Reason);
        await agent.ReleaseAsync("s-1");

        system.RestartAgents();
        var after = await system.Agent(tenant, agentId).GetSnapshotAsync();
        Assert.Equal(AgentPresence.Online, after.Presence);
        Assert.Equal(3, after.Capacity);
        Assert.Equal(["s-2", "s-3"], after.Sessions.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The removals empty buckets that were only loaded in this activation (not rewritten by the enqueue), which is
    /// where the SDK drops a remove of state it believes expired.
    /// </summary>
    [Fact]
    public async Task Router_read_twice_after_reactivation_keeps_its_queue_and_an_enqueue_and_removals_both_stick()
    {
        var tenant = NewTenant();
        var late = NewId("s");
        var early = Enumerable.Range(0, 100).Select(_ => NewId("s"))
            .Where(id => RouterBuckets.BucketOf(id) != RouterBuckets.BucketOf(late))
            .DistinctBy(id => RouterBuckets.BucketOf(id))
            .Take(2)
            .ToArray();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in early)
        {
            await system.Router(tenant).EnqueueAsync(new QueueEntry(id, "general", 0, now, null, []));
        }

        system.RestartSessions();
        var router = system.Router(tenant);
        foreach (var read in new[] { await router.GetSnapshotAsync(), await router.GetSnapshotAsync() })
        {
            Assert.Equal(early.Order(StringComparer.Ordinal), read.Waiting.Select(w => w.SessionId).Order(StringComparer.Ordinal));
        }

        Assert.Equal(3, await router.EnqueueAsync(new QueueEntry(late, "general", 0, now.AddSeconds(1), null, [])));
        foreach (var id in early)
        {
            await router.RemoveAsync(id);
        }

        system.RestartSessions();
        var after = await system.Router(tenant).GetSnapshotAsync();
        Assert.Equal([late], after.Waiting.Select(w => w.SessionId));
        Assert.Equal(1, await system.Router(tenant).GetPositionAsync(late));
    }
}
