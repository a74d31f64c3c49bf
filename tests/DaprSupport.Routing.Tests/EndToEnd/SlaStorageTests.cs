using System.Text.Json;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sla;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Sessions.Sla;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// How the SLA ledger is stored (<see cref="SlaLayout"/>), on the real actor and etcd: measurements in 20 s buckets,
/// live chats in shards, no single growing key. A new activation reports the same figures; a ledger stored under the
/// single legacy key loads, and the first flush moves it into buckets and removes the key.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SlaStorageTests(RoutingSystemFixture fixture) : IDisposable
{
    private readonly RoutingApi _api = fixture.Api;
    private readonly StoredActorState _stored = new(fixture, ActorTypes.Sla);

    [Fact]
    public async Task The_ledger_is_stored_by_time_bucket_and_shard_and_a_new_activation_reports_the_same()
    {
        var t = RoutingApi.NewTenant("sla-store");
        var now = DateTimeOffset.UtcNow;
        // At the start of its time bucket, so each chat's resolve (a second after its assignment) shares the bucket.
        var earlier = DateTimeOffset.FromUnixTimeMilliseconds(
            SlaLayout.BucketOf(now.AddMinutes(-10)) * (long)SlaLayout.BucketSpan.TotalMilliseconds);
        await Sla(t).RecordAllAsync([.. Enumerable.Range(0, 200).SelectMany(i => Chat(i, earlier))]);
        await Sla(t).RecordAllAsync([.. Enumerable.Range(200, 5).Select(i => Assigned(i, now))]);

        var before = await ReportAsync(t);
        Assert.Equal((205, 200, 5), (before.Overall.Assigned, before.Overall.Resolved, before.Chats.Count));
        Assert.Null(await StoredAsync(t, SlaLayout.LegacyKey));
        var buckets = (await StoredAsync(t, SlaLayout.MetaKey))!.Value.EnumerateArray().Select(b => b.GetInt64()).ToList();
        Assert.Equal(new[] { SlaLayout.BucketOf(earlier), SlaLayout.BucketOf(now) }.Distinct().Order(), buckets);
        Assert.Equal(400, (await StoredAsync(t, SlaLayout.BucketKey(SlaLayout.BucketOf(earlier))))!.Value.GetArrayLength());
        var chats = 0;
        for (var shard = 0; shard < SlaLayout.ChatShards; shard++)
        {
            chats += (await StoredAsync(t, SlaLayout.ChatsKey(shard)))?.EnumerateObject().Count() ?? 0;
        }

        Assert.Equal(5, chats);

        await DeactivateAsync(t);
        var after = await ReportAsync(t);

        Assert.Equal(before.Overall, after.Overall);
        Assert.Equal(before.Chats, after.Chats);
    }

    [Fact]
    public async Task A_ledger_under_the_legacy_key_loads_and_the_next_flush_moves_it_into_buckets()
    {
        var t = RoutingApi.NewTenant("sla-legacy");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var legacy = new SlaLedger(
            [new SlaSample(at, "general", SlaEventKinds.Assigned, 7), new SlaSample(at, "general", SlaEventKinds.Resolved, 90)],
            new Dictionary<string, LiveChat> { ["s-open"] = new("s-open", "a1", "v1", "general", at) });
        await _stored.PutAsync(ActorIds.Sla(t), SlaLayout.LegacyKey, legacy);

        var loaded = await ReportAsync(t);
        Assert.Equal((1, 1, "s-open"), (loaded.Overall.Assigned, loaded.Overall.Resolved, Assert.Single(loaded.Chats).SessionId));
        Assert.Null(await StoredAsync(t, SlaLayout.MetaKey)); // reading wrote nothing

        await Sla(t).RecordAllAsync([Assigned(1, DateTimeOffset.UtcNow)]);

        Assert.Null(await StoredAsync(t, SlaLayout.LegacyKey));
        Assert.NotNull(await StoredAsync(t, SlaLayout.MetaKey));
        await DeactivateAsync(t);
        var moved = await ReportAsync(t);
        Assert.Equal((2, 1, 2), (moved.Overall.Assigned, moved.Overall.Resolved, moved.Chats.Count));
    }

    [Fact]
    public async Task A_legacy_ledger_of_a_busy_hour_moves_in_steps_under_the_transaction_limit()
    {
        // 150 buckets of 20 s: one transaction would be over daprd's limit on state.etcd (128 operations).
        var t = RoutingApi.NewTenant("sla-legacy-hour");
        var now = DateTimeOffset.UtcNow;
        var legacy = new SlaLedger(
            [.. Enumerable.Range(0, 150).Select(i => new SlaSample(now.AddSeconds(-20 * (i + 1)), "general", SlaEventKinds.Assigned, i))],
            new Dictionary<string, LiveChat>());
        await _stored.PutAsync(ActorIds.Sla(t), SlaLayout.LegacyKey, legacy);

        Assert.Equal(150, (await ReportAsync(t)).Overall.Assigned);

        await Sla(t).RecordAllAsync([Assigned(1, now)]);

        Assert.Null(await StoredAsync(t, SlaLayout.LegacyKey));
        var buckets = (await StoredAsync(t, SlaLayout.MetaKey))!.Value.EnumerateArray().Select(b => b.GetInt64()).ToList();
        Assert.Equal(legacy.Samples.Select(s => SlaLayout.BucketOf(s.At)).Append(SlaLayout.BucketOf(now)).Distinct().Order(), buckets);
        await DeactivateAsync(t);
        Assert.Equal(151, (await ReportAsync(t)).Overall.Assigned);
    }

    public void Dispose() => _stored.Dispose();

    private static SlaEvent[] Chat(int i, DateTimeOffset at) =>
        [Assigned(i, at), new SlaEvent(SlaEventKinds.Resolved, $"s-{i}", "general", at.AddSeconds(1), 60)];

    private static SlaEvent Assigned(int i, DateTimeOffset at) =>
        new(SlaEventKinds.Assigned, $"s-{i}", "general", at, 3, "a1", $"v-{i}");

    private ISlaActor Sla(string tenant) => fixture.SessionsServices.GetRequiredService<IActorProxyFactory>()
        .CreateActorProxy<ISlaActor>(ActorIds.Sla(tenant), ActorTypes.Sla);

    private Task<SlaReport> ReportAsync(string tenant) => _api.GetAsync<SlaReport>($"/v1/tenants/{tenant}/sla");

    private Task DeactivateAsync(string tenant) => _stored.DeactivateAsync(ActorIds.Sla(tenant));

    /// <summary>The SLA actor's state under <paramref name="key"/> (null: absent).</summary>
    private Task<JsonElement?> StoredAsync(string tenant, string key) => _stored.GetAsync(ActorIds.Sla(tenant), key);
}
