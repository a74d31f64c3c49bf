using System.Text.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// How the router stores its state (README, "How routing works"): split into buckets by a stable hash of each key
/// plus <c>router-meta</c>, on the real actor and etcd. A new activation reads the same queues back; state stored
/// under the single legacy key <c>router</c> loads, and the first save moves it into buckets and removes the key.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class RouterStorageTests(RoutingSystemFixture fixture) : IDisposable
{
    private readonly RoutingApi _api = fixture.Api;
    private readonly StoredActorState _stored = new(fixture, ActorTypes.Router);

    [Fact]
    public async Task The_queues_are_stored_in_buckets_and_a_new_activation_reads_them_back_in_the_same_order()
    {
        var t = RoutingApi.NewTenant("buckets");
        string[] skills = ["general", "billing", "tech"];
        for (var i = 0; i < 45; i++)
        {
            await _api.CreateAsync(t, $"v{i}", skill: skills[i % 3], priority: i % 4 == 0 ? 1 : 0);
        }

        var before = await _api.QueuesAsync(t);
        Assert.Equal(45, before.Waiting.Count);

        // Every waiting session is in the bucket its id hashes to; the whole state is no longer one key.
        var stored = await StoredWaitingAsync(t);
        Assert.Equal(before.Waiting.Select(w => w.SessionId).Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored, e => Assert.Equal(RouterBuckets.BucketOf(e.Key), e.Value));
        Assert.True(stored.Values.Distinct().Count() > 1, "45 sessions all in one bucket");
        Assert.Null(await StoredAsync(t, BucketKey.LegacyName));
        Assert.Equal((45L, RouterBuckets.Count), await MetaAsync(t));

        await DeactivateRouterAsync(t);
        var after = await _api.QueuesAsync(t);

        Assert.Equal(Positions(before), Positions(after));

        // The arrival numbers go on from the stored one.
        await _api.CreateAsync(t, "v-after", skill: "tech");
        Assert.Equal((46L, RouterBuckets.Count), await MetaAsync(t));
    }

    [Fact]
    public async Task State_under_the_legacy_key_loads_and_the_next_change_moves_it_into_buckets()
    {
        var t = RoutingApi.NewTenant("buckets-legacy");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var legacy = RouterState.Empty() with { NextSequence = 3 };
        legacy.Waiting["s-old-1"] = new WaitingSession(new QueueEntry("s-old-1", "general", 0, at, null, []), 1);
        legacy.Waiting["s-old-2"] = new WaitingSession(new QueueEntry("s-old-2", "billing", 0, at.AddSeconds(1), null, []), 2);
        legacy.Waiting["s-old-3"] = new WaitingSession(new QueueEntry("s-old-3", "general", 0, at.AddSeconds(2), null, ["gone"]), 3);
        legacy.Agents["away"] = new AgentSnapshot(t, "away", AgentPresence.Offline, ["general"], 5, [], at, null, 7);

        // Stored as the router wrote it before the split (this router was never activated, so it reads the store).
        await _stored.PutAsync(ActorIds.Router(t), BucketKey.LegacyName, legacy);

        var loaded = await _api.QueuesAsync(t);
        Assert.Equal([("s-old-1", "general", 1), ("s-old-3", "general", 2), ("s-old-2", "billing", 1)],
            loaded.Waiting.OrderByDescending(w => w.Skill, StringComparer.Ordinal).ThenBy(w => w.Position).Select(w => (w.SessionId, w.Skill, w.Position)));
        Assert.Equal([("away", 7L)], loaded.Agents.Select(a => (a.AgentId, a.Version)));

        // Reading wrote nothing: the legacy key is still all there is.
        Assert.NotNull(await StoredAsync(t, BucketKey.LegacyName));
        Assert.Null(await StoredAsync(t, BucketKey.Meta.Name));

        var created = await _api.CreateAsync(t, "v-new");

        Assert.Null(await StoredAsync(t, BucketKey.LegacyName));
        Assert.Equal((4L, RouterBuckets.Count), await MetaAsync(t));
        Assert.Equal(new[] { "s-old-1", "s-old-2", "s-old-3", created.SessionId }.Order(StringComparer.Ordinal), (await StoredWaitingAsync(t)).Keys.Order(StringComparer.Ordinal));
        var agents = await StoredAsync(t, new BucketKey(BucketKind.Agents, RouterBuckets.BucketOf("away")).Name);
        Assert.True(agents?.TryGetProperty("away", out _), $"agent bucket: {agents}");

        var migrated = await _api.QueuesAsync(t);
        await DeactivateRouterAsync(t);
        var reloaded = await _api.QueuesAsync(t);

        Assert.Equal(4, reloaded.Waiting.Count);
        Assert.Equal(Positions(migrated), Positions(reloaded));
        Assert.Equal(["gone"], (await StoredAsync(t, new BucketKey(BucketKind.Waiting, RouterBuckets.BucketOf("s-old-3")).Name))!.Value
            .GetProperty("s-old-3").GetProperty("entry").GetProperty("excludedAgents").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([("away", 7L)], reloaded.Agents.Select(a => (a.AgentId, a.Version)));
    }

    [Fact]
    public async Task An_agent_version_the_router_holds_already_is_not_taken_again()
    {
        var t = RoutingApi.NewTenant("same-version");
        var held = new AgentSnapshot(t, "ada", AgentPresence.Online, ["general"], 9, [], DateTimeOffset.UtcNow, null, 1);
        var legacy = RouterState.Empty();
        legacy.Agents["ada"] = held;
        await _stored.PutAsync(ActorIds.Router(t), BucketKey.LegacyName, legacy);

        // The agent's first presence is its version 1 too, with its own capacity: the router keeps the view it has.
        var agent = await _api.PresenceAsync(t, "ada", AgentPresence.Online, ["general"]);
        Assert.Equal(1, agent.Version);
        Assert.NotEqual(held.Capacity, agent.Capacity);

        var router = (await _api.QueuesAsync(t)).Agents.Single(a => a.AgentId == "ada");
        Assert.Equal((1L, held.Capacity), (router.Version, router.Capacity));

        // The next version is taken.
        var next = await _api.PresenceAsync(t, "ada", AgentPresence.Away, ["general"]);
        router = (await _api.QueuesAsync(t)).Agents.Single(a => a.AgentId == "ada");
        Assert.Equal((2L, agent.Capacity, AgentPresence.Away), (router.Version, router.Capacity, router.Presence));
        Assert.Equal(2, next.Version);
    }

    public void Dispose() => _stored.Dispose();

    /// <summary>Queue order as the supervisors see it (the score moves with time, so it is left out).</summary>
    private static List<(string Skill, int Position, string SessionId, int Priority, DateTimeOffset EnqueuedAt)> Positions(QueueSnapshot snapshot) =>
        [.. snapshot.Waiting.Select(w => (w.Skill, w.Position, w.SessionId, w.Priority, w.EnqueuedAt)).OrderBy(w => w.Skill, StringComparer.Ordinal).ThenBy(w => w.Position)];

    private Task DeactivateRouterAsync(string tenant) => _stored.DeactivateAsync(ActorIds.Router(tenant));

    /// <summary>Every waiting session id in the stored buckets, with the bucket it is in.</summary>
    private async Task<Dictionary<string, int>> StoredWaitingAsync(string tenant)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < RouterBuckets.Count; i++)
        {
            if (await StoredAsync(tenant, new BucketKey(BucketKind.Waiting, i).Name) is { } bucket)
            {
                foreach (var entry in bucket.EnumerateObject())
                {
                    Assert.True(found.TryAdd(entry.Name, i), $"{entry.Name} in buckets {found.GetValueOrDefault(entry.Name)} and {i}");
                }
            }
        }

        return found;
    }

    private async Task<(long NextSequence, int BucketCount)> MetaAsync(string tenant)
    {
        var meta = await StoredAsync(tenant, BucketKey.Meta.Name) ?? throw new Xunit.Sdk.XunitException("no router-meta stored");
        return (meta.GetProperty("nextSequence").GetInt64(), meta.GetProperty("bucketCount").GetInt32());
    }

    /// <summary>The router's actor state under <paramref name="key"/> (null: absent).</summary>
    private Task<JsonElement?> StoredAsync(string tenant, string key) => _stored.GetAsync(ActorIds.Router(tenant), key);
}
