using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.State;
using DaprSupport.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// components-contrib state/etcd/etcd.go concurrency, weaknesses included: ETag and first-write are checked by a read
/// before the write (a mismatch there fails the call, and a transaction as a whole); the write itself is a txn guarded by
/// <c>mod_revision == etag</c> whose outcome is ignored, so a change in between makes the call "succeed" without writing;
/// a transaction nests one such txn per operation, so only the operation whose guard fails is skipped.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdConcurrencyTests(EtcdFixture etcd)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static byte[] Json(string value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value));

    /// <summary>A store on the fixture's etcd whose pre-read/commit window runs <paramref name="inWindow"/>.</summary>
    private (EtcdStateStore Store, EtcdStateStore Other) Stores(Func<EtcdStateStore, Task>? inWindow = null)
    {
        var prefix = "/concurrency-" + Guid.NewGuid().ToString("N");
        var other = new EtcdStateStore("s", false, new EtcdClient([etcd.Endpoint]), prefix, EtcdValueCodec.For("v1"), 128, TimeProvider.System, NullLogger.Instance);
        var store = new EtcdStateStore("s", false, new EtcdClient([etcd.Endpoint]), prefix, EtcdValueCodec.For("v1"), 128, TimeProvider.System, NullLogger.Instance)
        {
            BeforeCommit = inWindow is null ? null : _ => inWindow(other),
        };
        return (store, other);
    }

    private static async Task<string?> ValueAsync(IStateStore store, string key) =>
        await store.GetAsync(key, None) is { } entry ? Encoding.UTF8.GetString(entry.Value.Span) : null;

    [Fact]
    public async Task A_guard_failing_at_commit_skips_only_its_operation_while_the_rest_of_the_transaction_commits()
    {
        var (store, other) = Stores(async interloper => await interloper.SetAsync(new StateSetRequest("a", Json("theirs")), None));
        await using var _ = store;
        await using var __ = other;
        await other.SetAsync(new StateSetRequest("a", Json("old")), None);
        var etag = (await store.GetAsync("a", None))!.ETag;

        await store.TransactAsync(
            [new StateUpsert(new StateSetRequest("a", Json("mine"), etag)), new StateUpsert(new StateSetRequest("b", Json("mine")))],
            None);

        Assert.Equal("\"theirs\"", await ValueAsync(store, "a"));
        Assert.Equal("\"mine\"", await ValueAsync(store, "b"));
    }

    [Fact]
    public async Task A_set_whose_etag_changed_after_the_pre_read_reports_success_without_writing()
    {
        var (store, other) = Stores(async interloper => await interloper.SetAsync(new StateSetRequest("a", Json("theirs")), None));
        await using var _ = store;
        await using var __ = other;
        await other.SetAsync(new StateSetRequest("a", Json("old")), None);
        var etag = (await store.GetAsync("a", None))!.ETag;

        await store.SetAsync(new StateSetRequest("a", Json("mine"), etag), None);

        Assert.Equal("\"theirs\"", await ValueAsync(store, "a"));
    }

    [Fact]
    public async Task A_mismatch_seen_by_the_pre_read_fails_the_whole_transaction_with_contribs_message()
    {
        var (store, other) = Stores();
        await using var _ = store;
        await using var __ = other;
        await store.SetAsync(new StateSetRequest("a", Json("old")), None);
        var current = (await store.GetAsync("a", None))!.ETag;

        var mismatch = await Assert.ThrowsAsync<StateETagMismatchException>(() => store.TransactAsync(
            [new StateUpsert(new StateSetRequest("b", Json("mine"))), new StateUpsert(new StateSetRequest("a", Json("mine"), "1"))],
            None));

        Assert.EndsWith($"/a: current={current}, expect=1", mismatch.Message, StringComparison.Ordinal);
        Assert.StartsWith("possible etag mismatch. error from state store: state etag not match for key=", mismatch.Message, StringComparison.Ordinal);
        Assert.Null(await ValueAsync(store, "b"));
        Assert.Equal("\"old\"", await ValueAsync(store, "a"));

        var exists = await Assert.ThrowsAsync<StateETagMismatchException>(() =>
            store.SetAsync(new StateSetRequest("a", Json("first"), Concurrency: StateConcurrency.FirstWrite), None));
        Assert.Equal("possible etag mismatch. error from state store: item already exists and no etag was passed", exists.Message);
    }

    /// <summary>
    /// Concurrent compare-and-set with one ETag through the SDK: every writer passes the pre-read, so several may be told
    /// they won; etcd's guard lets exactly one write land, and the stored value is one of the "winners".
    /// </summary>
    [Fact]
    public async Task Concurrent_compare_and_set_may_report_several_winners_but_stores_one_of_them()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent("statestore", etcd, "v1"));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        await app.Client.SaveStateAsync("statestore", key, 0);
        var (_, etag) = await app.Client.GetStateAndETagAsync<int>("statestore", key);

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(async w => (Won: await app.Client.TrySaveStateAsync("statestore", key, w, etag), Writer: w)));

        var (stored, storedETag) = await app.Client.GetStateAndETagAsync<int>("statestore", key);
        Assert.Contains(results, r => r.Won && r.Writer == stored);
        Assert.Equal(long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture) + 1, long.Parse(storedETag, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The SDK sends an empty ETag as one; daprd passes it on, and contrib's doDelete then deletes nothing.</summary>
    [Fact]
    public async Task Bulk_delete_with_empty_etags_over_grpc_reports_success_and_deletes_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent("statestore", etcd, "v1"));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();
        await app.Client.SaveStateAsync("statestore", key, "v");

        await app.Client.DeleteBulkStateAsync("statestore", [new Dapr.Client.BulkDeleteStateItem(key, string.Empty)]);

        Assert.Equal("v", await app.Client.GetStateAsync<string>("statestore", key));
    }

    /// <summary>daprd passes an empty If-Match as an ETag; contrib's doDelete then guards on revision 0 ("absent") and skips the delete.</summary>
    [Fact]
    public async Task Http_delete_with_an_empty_if_match_answers_204_and_deletes_nothing()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent("statestore", etcd, "v1"));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;
        var key = StateStoreKinds.NewKey();
        using var saved = await http.PostAsJsonAsync(new Uri("/v1.0/state/statestore", UriKind.Relative), new[] { new { key, value = "v" } });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"/v1.0/state/statestore/{key}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-Match", string.Empty);
        using var deleted = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var read = await http.GetAsync(new Uri($"/v1.0/state/statestore/{key}", UriKind.Relative));
        Assert.Equal("\"v\"", await read.Content.ReadAsStringAsync());
    }

    /// <summary>contrib sends every operation as it came; etcd refuses a txn that puts one key twice, so the transaction fails whole.</summary>
    [Fact]
    public async Task A_transaction_writing_one_key_twice_is_refused_by_etcd()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent("statestore", etcd, "v1"));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;
        object Upsert(string key, int value) => new { operation = "upsert", request = new { key, value } };

        using var response = await http.PostAsJsonAsync(new Uri("/v1.0/state/statestore/transaction", UriKind.Relative),
            new { operations = new[] { Upsert("once", 1), Upsert("twice", 1), Upsert("twice", 2) } });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_STATE_TRANSACTION", body.GetProperty("errorCode").GetString());
        Assert.Contains("etcdserver: duplicate key given in txn request", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var read = await http.GetAsync(new Uri("/v1.0/state/statestore/once", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
    }

    /// <summary>pkg/api/http/http.go: a state transaction over the store's MultiMaxSize is a 400 with both counts in the ErrorInfo.</summary>
    [Fact]
    public async Task State_transaction_over_maxTxnOps_is_400_too_many_transactions()
    {
        await using var harness = await EmulatorHarness.StartAsync(
            StateStoreKinds.EtcdComponent("statestore", etcd, "v1", new Dictionary<string, string> { ["maxTxnOps"] = "2" }));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;
        object Upsert(int i) => new { operation = "upsert", request = new { key = $"k{i}", value = i } };
        var url = new Uri("/v1.0/state/statestore/transaction", UriKind.Relative);

        using var atLimit = await http.PostAsJsonAsync(url, new { operations = new[] { Upsert(1), Upsert(2) } });
        Assert.Equal(HttpStatusCode.NoContent, atLimit.StatusCode);

        using var over = await http.PostAsJsonAsync(url, new { operations = new[] { Upsert(3), Upsert(4), Upsert(5) } });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        var body = await over.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_STATE_STORE_TOO_MANY_TRANSACTIONS", body.GetProperty("errorCode").GetString());
        Assert.Equal("the transaction contains 3 operations, which is more than what the state store supports: 2", body.GetProperty("message").GetString());
        var info = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("DAPR_STATE_TOO_MANY_TRANSACTIONS", info.GetProperty("reason").GetString());
        Assert.Equal("3", info.GetProperty("metadata").GetProperty("currentOpsTransaction").GetString());
        Assert.Equal("2", info.GetProperty("metadata").GetProperty("maxOpsPerTransaction").GetString());
        using var notWritten = await http.GetAsync(new Uri("/v1.0/state/statestore/k3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, notWritten.StatusCode);
    }
}
