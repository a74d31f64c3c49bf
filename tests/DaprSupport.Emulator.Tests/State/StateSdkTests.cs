using Dapr;
using Dapr.Client;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// The state API through the real Dapr SDK (gRPC) against each store type. Follows the Dapr API reference:
/// reference/api/state_api (and the state management overview on concurrency, TTL and transactions).
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class StateSdkTests(EtcdFixture etcd)
{
    private const string Store = "statestore";

    public sealed record Ticket(string Id, int Priority, string[] Tags);

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Values_round_trip_with_etags(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        var ticket = new Ticket("t-1", 3, ["vip", "billing"]);

        await app.Client.SaveStateAsync(Store, key, ticket);
        var read = await app.Client.GetStateAsync<Ticket>(Store, key);
        var (again, etag) = await app.Client.GetStateAndETagAsync<Ticket>(Store, key);

        Assert.Equal(ticket.Id, read.Id);
        Assert.Equal(ticket.Tags, again.Tags);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Null(await app.Client.GetStateAsync<Ticket>(Store, StateStoreKinds.NewKey()));

        await app.Client.DeleteStateAsync(Store, key);
        Assert.Null(await app.Client.GetStateAsync<Ticket>(Store, key));
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Compare_and_set_succeeds_with_the_current_etag_and_fails_with_a_stale_one(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        await app.Client.SaveStateAsync(Store, key, 1);
        var (_, first) = await app.Client.GetStateAndETagAsync<int>(Store, key);

        Assert.True(await app.Client.TrySaveStateAsync(Store, key, 2, first));
        var (value, second) = await app.Client.GetStateAndETagAsync<int>(Store, key);
        Assert.Equal(2, value);
        Assert.NotEqual(first, second);

        Assert.False(await app.Client.TrySaveStateAsync(Store, key, 3, first));
        Assert.False(await app.Client.TryDeleteStateAsync(Store, key, first));
        Assert.Equal(2, await app.Client.GetStateAsync<int>(Store, key));

        Assert.True(await app.Client.TryDeleteStateAsync(Store, key, second));
        Assert.Equal(0, await app.Client.GetStateAsync<int>(Store, key));
        Assert.False(await app.Client.TrySaveStateAsync(Store, key, 4, second));
    }

    /// <summary>Stores whose ETag check and write are one step in contrib (sqlite's guarded UPDATE, in-memory's lock); not state.etcd.</summary>
    [Theory]
    [InlineData(StateStoreKinds.Sqlite)]
    [InlineData(StateStoreKinds.InMemory)]
    public async Task Concurrent_compare_and_set_has_exactly_one_winner_per_version(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        await app.Client.SaveStateAsync(Store, key, 0);
        const int Writers = 8;
        const int Rounds = 5;

        for (var round = 1; round <= Rounds; round++)
        {
            var (_, etag) = await app.Client.GetStateAndETagAsync<int>(Store, key);
            var results = await Task.WhenAll(Enumerable.Range(0, Writers)
                .Select(w => app.Client.TrySaveStateAsync(Store, key, (round * 100) + w, etag)));

            var winner = Assert.Single(results.Select((won, w) => (won, w)), r => r.won);
            Assert.Equal((round * 100) + winner.w, await app.Client.GetStateAsync<int>(Store, key));
        }
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task First_write_only_creates_and_then_requires_the_etag(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };

        await app.Client.SaveStateAsync(Store, key, "created", firstWrite);
        var error = await Assert.ThrowsAsync<DaprException>(() => app.Client.SaveStateAsync(Store, key, "overwritten", firstWrite));
        Assert.Equal(Grpc.Core.StatusCode.Aborted, Assert.IsType<Grpc.Core.RpcException>(error.InnerException).StatusCode);
        Assert.Equal("created", await app.Client.GetStateAsync<string>(Store, key));

        var (_, etag) = await app.Client.GetStateAndETagAsync<string>(Store, key);
        Assert.True(await app.Client.TrySaveStateAsync(Store, key, "updated", etag, firstWrite));
        Assert.Equal("updated", await app.Client.GetStateAsync<string>(Store, key));

        // Last-write (the default) without an ETag always wins.
        await app.Client.SaveStateAsync(Store, key, "last");
        Assert.Equal("last", await app.Client.GetStateAsync<string>(Store, key));
    }

    /// <summary>
    /// contrib's sqlite takes a row past its expiry (not yet cleaned up) as absent for first-write, in the same
    /// statement as the insert; the history store's first-write on (session, seq) relies on it being atomic.
    /// </summary>
    [Fact]
    public async Task First_write_on_sqlite_takes_an_expired_row_as_absent()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(StateStoreKinds.Sqlite, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        await app.Client.SaveStateAsync(Store, key, "expiring", firstWrite, new Dictionary<string, string> { ["ttlInSeconds"] = "1" });
        await Assert.ThrowsAsync<DaprException>(() => app.Client.SaveStateAsync(Store, key, "too early", firstWrite));

        Assert.True(await StateStoreKinds.EventuallyAsync(
            async () => await app.Client.GetStateAsync<string>(Store, key) is null, TimeSpan.FromSeconds(15)));
        await app.Client.SaveStateAsync(Store, key, "after expiry", firstWrite);
        Assert.Equal("after expiry", await app.Client.GetStateAsync<string>(Store, key));
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Ttl_expires_values(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var shortLived = StateStoreKinds.NewKey();
        var kept = StateStoreKinds.NewKey();

        // 3 s, not 1: the read just after the save must come before the expiry on a loaded CI box too.
        await app.Client.SaveStateAsync(Store, shortLived, "soon gone", metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "3" });
        await app.Client.SaveStateAsync(Store, kept, "kept", metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "-1" });
        Assert.Equal("soon gone", await app.Client.GetStateAsync<string>(Store, shortLived));

        Assert.True(await StateStoreKinds.EventuallyAsync(
            async () => await app.Client.GetStateAsync<string>(Store, shortLived) is null, TimeSpan.FromSeconds(15)));
        Assert.Equal("kept", await app.Client.GetStateAsync<string>(Store, kept));
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Transactions_apply_all_operations_or_none(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var (a, b, c) = (StateStoreKinds.NewKey(), StateStoreKinds.NewKey(), StateStoreKinds.NewKey());
        await app.Client.SaveStateAsync(Store, a, "a0");
        await app.Client.SaveStateAsync(Store, b, "b0");
        var (_, etagA) = await app.Client.GetStateAndETagAsync<string>(Store, a);
        var (_, etagB) = await app.Client.GetStateAndETagAsync<string>(Store, b);

        await app.Client.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest(a, Json("a1"), StateOperationType.Upsert, etagA),
            new StateTransactionRequest(b, null, StateOperationType.Delete, etagB),
            new StateTransactionRequest(c, Json("c1"), StateOperationType.Upsert),
        ]);
        Assert.Equal("a1", await app.Client.GetStateAsync<string>(Store, a));
        Assert.Null(await app.Client.GetStateAsync<string>(Store, b));
        Assert.Equal("c1", await app.Client.GetStateAsync<string>(Store, c));

        // etagA is stale now: the whole transaction aborts, including the operations before and after it.
        var error = await Assert.ThrowsAsync<DaprException>(() => app.Client.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest(c, Json("c2"), StateOperationType.Upsert),
            new StateTransactionRequest(a, Json("a2"), StateOperationType.Upsert, etagA),
            new StateTransactionRequest(b, Json("b2"), StateOperationType.Upsert),
        ]));
        Assert.Equal(Grpc.Core.StatusCode.Internal, Assert.IsType<Grpc.Core.RpcException>(error.InnerException).StatusCode);
        Assert.Equal("a1", await app.Client.GetStateAsync<string>(Store, a));
        Assert.Null(await app.Client.GetStateAsync<string>(Store, b));
        Assert.Equal("c1", await app.Client.GetStateAsync<string>(Store, c));
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Bulk_get_returns_every_key_in_order_with_etags(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var keys = Enumerable.Range(0, 5).Select(_ => StateStoreKinds.NewKey()).ToArray();
        for (var i = 0; i < 4; i++)
        {
            await app.Client.SaveStateAsync(Store, keys[i], i);
        }

        var items = await app.Client.GetBulkStateAsync<int>(Store, keys, parallelism: 2);

        Assert.Equal(keys, items.Select(i => i.Key));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i, items[i].Value);
            Assert.False(string.IsNullOrEmpty(items[i].ETag));
        }

        Assert.True(string.IsNullOrEmpty(items[4].ETag));
        // No ETag at all (null): an empty one is still an ETag to daprd, and state.etcd then deletes nothing (EtcdConcurrencyTests).
        await app.Client.DeleteBulkStateAsync(Store, [.. keys.Take(2).Select(k => new BulkDeleteStateItem(k, null!))]);
        Assert.Equal(0, await app.Client.GetStateAsync<int>(Store, keys[1]));
        Assert.Equal(2, await app.Client.GetStateAsync<int>(Store, keys[2]));
    }

    private static byte[] Json<T>(T value) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
}
