using DaprSupport.Contracts;
using System.Text.Json;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// The router's state as stored: split into fixed buckets by a stable hash of each key, so a turn that changes one
/// entry writes one bucket (plus the meta when the arrival number moves), and the buckets join back into the state.
/// </summary>
public sealed class RouterBucketsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void The_bucket_hash_is_fnv1a_over_utf8_so_every_process_agrees(string key, uint expected) =>
        Assert.Equal(expected, RouterBuckets.Hash(key));

    [Fact]
    public void Keys_spread_over_every_bucket()
    {
        var sizes = Enumerable.Range(0, 1000).Select(i => $"s-{Guid.NewGuid():N}").GroupBy(k => RouterBuckets.BucketOf(k)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, RouterBuckets.Count), sizes.Keys.Order());
        Assert.True(sizes.Values.Max() < 80, $"largest bucket {sizes.Values.Max()} of 1000 keys in {RouterBuckets.Count}");
    }

    [Fact]
    public void Split_and_join_give_back_the_state()
    {
        var state = SampleState(200);
        var buckets = RouterBuckets.Split(state);

        Assert.Equal(RouterBuckets.Count, buckets.BucketCount);
        Assert.Equal(new RouterMeta(state.NextSequence, RouterBuckets.Count), buckets.Meta);
        Assert.All(Enumerable.Range(0, RouterBuckets.Count), i =>
            Assert.All(buckets.Waiting[i].Keys, key => Assert.Equal(i, RouterBuckets.BucketOf(key))));
        AssertSameState(state, buckets.ToState());
    }

    [Fact]
    public void Buckets_read_back_from_their_json_join_into_the_state()
    {
        var state = SampleState(100);
        var buckets = RouterBuckets.Split(state);

        var read = RouterBuckets.Stored(
            RoundTrip(buckets.Meta),
            [.. buckets.Agents.Select(RoundTrip)],
            [.. buckets.Waiting.Select(RoundTrip)],
            [.. buckets.Offers.Select(RoundTrip)],
            hasLegacy: false);

        AssertSameState(state, read.ToState());
        Assert.Empty(RouterBuckets.Split(read.ToState()).ChangedSince(read));
    }

    [Fact]
    public void A_turn_that_changes_nothing_writes_nothing()
    {
        var state = SampleState(100);
        var stored = RouterBuckets.Split(state);

        Assert.Empty(RouterBuckets.Split(state).ChangedSince(stored));
    }

    [Fact]
    public void Enqueuing_one_session_changes_one_waiting_bucket_and_the_meta()
    {
        var state = SampleState(300);
        var stored = RouterBuckets.Split(state);

        state.Waiting["s-new"] = new WaitingSession(new QueueEntry("s-new", "billing", 0, Now, null, []), state.NextSequence + 1);
        state = state with { NextSequence = state.NextSequence + 1 };

        Assert.Equal([BucketKey.Meta, new BucketKey(BucketKind.Waiting, RouterBuckets.BucketOf("s-new"))],
            RouterBuckets.Split(state).ChangedSince(stored));
    }

    [Fact]
    public void An_offer_changes_one_offers_bucket_only()
    {
        var state = SampleState(300);
        var stored = RouterBuckets.Split(state);

        state.Offers["s-7"] = new PlannedOffer("s-7", "agent-1", "o-7", "general", Now.AddSeconds(20));

        Assert.Equal([new BucketKey(BucketKind.Offers, RouterBuckets.BucketOf("s-7"))], RouterBuckets.Split(state).ChangedSince(stored));
    }

    [Fact]
    public void A_replaced_entry_changes_its_bucket_even_with_the_same_keys()
    {
        var state = SampleState(50);
        var stored = RouterBuckets.Split(state);

        var waiting = state.Waiting["s-3"];
        state.Waiting["s-3"] = waiting with { Entry = waiting.Entry with { ExcludedAgents = ["agent-2"] } };

        Assert.Equal([new BucketKey(BucketKind.Waiting, RouterBuckets.BucketOf("s-3"))], RouterBuckets.Split(state).ChangedSince(stored));
    }

    [Fact]
    public void A_bucket_emptied_by_the_turn_is_reported_so_it_is_removed()
    {
        var state = RouterState.Empty();
        state.Agents["agent-1"] = Agent("agent-1");
        var stored = RouterBuckets.Split(state);

        state.Agents.Remove("agent-1");
        var next = RouterBuckets.Split(state);

        var bucket = RouterBuckets.BucketOf("agent-1");
        Assert.Equal([new BucketKey(BucketKind.Agents, bucket)], next.ChangedSince(stored));
        Assert.Empty(next.Agents[bucket]);
    }

    [Fact]
    public void State_from_the_legacy_key_writes_meta_every_bucket_with_entries_and_removes_the_legacy_key()
    {
        var state = SampleState(100);
        var legacyOnly = RouterBuckets.Stored(null, [], [], [], hasLegacy: true);

        var next = RouterBuckets.Split(state);
        var changed = next.ChangedSince(legacyOnly);

        var expected = new[] { BucketKey.Meta }
            .Concat(Filled(BucketKind.Agents, next.Agents))
            .Concat(Filled(BucketKind.Waiting, next.Waiting))
            .Concat(Filled(BucketKind.Offers, next.Offers))
            .Append(BucketKey.Legacy);
        Assert.Equal(expected, changed);
        Assert.Equal("router", BucketKey.Legacy.Name);
    }

    [Fact]
    public void Buckets_stored_with_another_count_load_and_the_extra_ones_are_removed_on_save()
    {
        var state = SampleState(100);
        const int OldCount = 64;
        Dictionary<string, T>[] Old<T>(Dictionary<string, T> all) =>
            [.. Enumerable.Range(0, OldCount).Select(i => all.Where(e => RouterBuckets.BucketOf(e.Key, OldCount) == i).ToDictionary(StringComparer.Ordinal))];
        var stored = RouterBuckets.Stored(new RouterMeta(state.NextSequence, OldCount), Old(state.Agents), Old(state.Waiting), Old(state.Offers), hasLegacy: false);

        AssertSameState(state, stored.ToState());

        var changed = RouterBuckets.Split(stored.ToState()).ChangedSince(stored);
        Assert.Contains(BucketKey.Meta, changed);
        var beyond = changed.Where(k => k.Index >= RouterBuckets.Count).ToList();
        Assert.NotEmpty(beyond);
        Assert.All(beyond, k => Assert.NotEmpty(k.Kind switch
        {
            BucketKind.Agents => (System.Collections.ICollection)stored.Agents[k.Index],
            BucketKind.Waiting => stored.Waiting[k.Index],
            _ => stored.Offers[k.Index],
        }));
    }

    [Fact]
    public void Keys_have_no_slash_because_the_actor_state_api_takes_the_key_as_one_path_segment()
    {
        Assert.Equal("router-waiting-7", new BucketKey(BucketKind.Waiting, 7).Name);
        Assert.Equal("router-meta", BucketKey.Meta.Name);
        Assert.All(new[] { BucketKind.Agents, BucketKind.Waiting, BucketKind.Offers }, kind =>
            Assert.DoesNotContain('/', new BucketKey(kind, RouterBuckets.Count - 1).Name));
    }

    private static IEnumerable<BucketKey> Filled<T>(BucketKind kind, IReadOnlyList<Dictionary<string, T>> buckets) =>
        Enumerable.Range(0, buckets.Count).Where(i => buckets[i].Count > 0).Select(i => new BucketKey(kind, i));

    private static RouterState SampleState(int waiting)
    {
        var state = RouterState.Empty() with { NextSequence = waiting };
        for (var i = 0; i < 10; i++)
        {
            state.Agents[$"agent-{i}"] = Agent($"agent-{i}");
        }

        string[] skills = ["general", "billing", "tech"];
        for (var i = 0; i < waiting; i++)
        {
            var id = $"s-{i}";
            state.Waiting[id] = new WaitingSession(new QueueEntry(id, skills[i % 3], i % 4, Now.AddSeconds(-i), null, []), i + 1);
            if (i % 10 == 0)
            {
                state.Offers[id] = new PlannedOffer(id, $"agent-{i % 10}", $"o-{i}", skills[i % 3], Now.AddSeconds(20));
            }
        }

        return state;
    }

    private static AgentSnapshot Agent(string id) =>
        new("t1", id, AgentPresence.Online, ["general", "billing"], 5, [], Now, Now.AddMinutes(1), 3);

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonDefaults.Options), JsonDefaults.Options)!;

    /// <summary>Same entries (compared as stored) and the same arrival number.</summary>
    private static void AssertSameState(RouterState expected, RouterState actual)
    {
        Assert.Equal(expected.NextSequence, actual.NextSequence);
        Assert.Equal(Json(expected.Agents), Json(actual.Agents));
        Assert.Equal(Json(expected.Waiting), Json(actual.Waiting));
        Assert.Equal(Json(expected.Offers), Json(actual.Offers));
    }

    private static string Json<T>(Dictionary<string, T> entries) =>
        JsonSerializer.Serialize(entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal), JsonDefaults.Options);
}
