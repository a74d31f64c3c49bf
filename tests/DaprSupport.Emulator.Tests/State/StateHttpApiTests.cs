using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// Wire-level state HTTP API: routes, status codes, headers and error bodies as in the Dapr API reference,
/// reference/api/state_api (and reference/api/error_codes), across the store types.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class StateHttpApiTests(EtcdFixture etcd)
{
    private const string Store = "statestore";

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Save_get_and_delete_use_204_etag_header_if_match_and_409(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var app = await harness.AddClientAsync("support");
        var http = app.SidecarHttp;
        var key = StateStoreKinds.NewKey();

        using var saved = await PostJsonAsync(http, $"/v1.0/state/{Store}", $$$"""[{"key":"{{{key}}}","value":{"ticket":"t-1","open":true}}]""");
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);

        using var read = await http.GetAsync(Url($"/v1.0/state/{Store}/{key}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("application/json", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"ticket":"t-1","open":true}""", await read.Content.ReadAsStringAsync());
        var etag = Assert.Single(read.Headers.GetValues("ETag"));

        // The SDK reads what the HTTP API stored: the raw JSON of "value".
        Assert.Equal("t-1", (await app.Client.GetStateAsync<JsonElement>(Store, key)).GetProperty("ticket").GetString());

        using var stale = await PostJsonAsync(http, $"/v1.0/state/{Store}", $$$"""[{"key":"{{{key}}}","value":1,"etag":"{{{etag}}}1"}]""");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await AssertErrorAsync(stale, "ERR_STATE_SAVE", $"failed saving state in state store {Store}: ");

        using var deleteStale = new HttpRequestMessage(HttpMethod.Delete, Url($"/v1.0/state/{Store}/{key}"));
        deleteStale.Headers.TryAddWithoutValidation("If-Match", etag + "1");
        using var conflict = await http.SendAsync(deleteStale);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await AssertErrorAsync(conflict, "ERR_STATE_DELETE", $"failed deleting state with key {key}: ");

        using var delete = new HttpRequestMessage(HttpMethod.Delete, Url($"/v1.0/state/{Store}/{key}"));
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        using var deleted = await http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var missing = await http.GetAsync(Url($"/v1.0/state/{Store}/{key}"));
        Assert.Equal(HttpStatusCode.NoContent, missing.StatusCode);
    }

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Bulk_and_transaction_endpoints_follow_the_reference(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;
        var (a, b, missing) = (StateStoreKinds.NewKey(), StateStoreKinds.NewKey(), StateStoreKinds.NewKey());

        using var tx = await PostJsonAsync(http, $"/v1.0/state/{Store}/transaction", $$$"""
            {"operations":[
              {"operation":"upsert","request":{"key":"{{{a}}}","value":"first"}},
              {"operation":"upsert","request":{"key":"{{{b}}}","value":[1,2]}}],
             "metadata":{"partitionKey":"p"}}
            """);
        Assert.Equal(HttpStatusCode.NoContent, tx.StatusCode);

        using var bulk = await PostJsonAsync(http, $"/v1.0/state/{Store}/bulk", $$$"""{"keys":["{{{a}}}","{{{b}}}","{{{missing}}}"],"parallelism":2}""");
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        var items = (await bulk.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal(a, items[0].GetProperty("key").GetString());
        Assert.Equal("first", items[0].GetProperty("data").GetString());
        Assert.False(string.IsNullOrEmpty(items[0].GetProperty("etag").GetString()));
        Assert.Equal(2, items[1].GetProperty("data").GetArrayLength());
        Assert.Equal(missing, items[2].GetProperty("key").GetString());
        Assert.False(items[2].TryGetProperty("data", out _));
        Assert.False(items[2].TryGetProperty("etag", out _));

        // A stale ETag aborts the whole transaction, reported as 500 ERR_STATE_TRANSACTION (not 409).
        using var aborted = await PostJsonAsync(http, $"/v1.0/state/{Store}/transaction", $$$"""
            {"operations":[
              {"operation":"delete","request":{"key":"{{{b}}}"}},
              {"operation":"upsert","request":{"key":"{{{a}}}","value":"second","etag":"999999"}}]}
            """);
        Assert.Equal(HttpStatusCode.InternalServerError, aborted.StatusCode);
        await AssertErrorAsync(aborted, "ERR_STATE_TRANSACTION", "error while executing state transaction: ");
        using var stillThere = await http.GetAsync(Url($"/v1.0/state/{Store}/{b}"));
        Assert.Equal("[1,2]", await stillThere.Content.ReadAsStringAsync());

        using var unknownOp = await PostJsonAsync(http, $"/v1.0/state/{Store}/transaction", $$$"""{"operations":[{"operation":"merge","request":{"key":"{{{a}}}"}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknownOp.StatusCode);
        await AssertErrorAsync(unknownOp, "ERR_NOT_SUPPORTED_STATE_OPERATION", "operation type merge not supported");
    }

    [Fact]
    public async Task Ttl_metadata_from_the_query_string_sets_ttl_expire_time()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(StateStoreKinds.InMemory, Store, etcd));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;
        var key = StateStoreKinds.NewKey();

        using var saved = await PostJsonAsync(http, $"/v1.0/state/{Store}?metadata.ttlInSeconds=120", $$$"""[{"key":"{{{key}}}","value":"v"}]""");
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        using var read = await http.GetAsync(Url($"/v1.0/state/{Store}/{key}"));
        var expires = DateTimeOffset.Parse(Assert.Single(read.Headers.GetValues("metadata.ttlExpireTime")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddSeconds(130));

        using var badTtl = await PostJsonAsync(http, $"/v1.0/state/{Store}", $$$"""[{"key":"{{{key}}}","value":"v","metadata":{"ttlInSeconds":"soon"}}]""");
        Assert.Equal(HttpStatusCode.InternalServerError, badTtl.StatusCode);
        await AssertErrorAsync(badTtl, "ERR_STATE_SAVE", $"failed saving state in state store {Store}: incorrect value for metadata 'ttlInSeconds'");
    }

    [Fact]
    public async Task Unknown_store_is_400_not_found_and_no_store_at_all_is_500_not_configured()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(StateStoreKinds.InMemory, Store, etcd, scopes: "support"));
        var support = await harness.AddClientAsync("support");
        var outsider = await harness.AddClientAsync("outsider");

        using var notFound = await support.SidecarHttp.GetAsync(Url("/v1.0/state/nosuchstore/k"));
        Assert.Equal(HttpStatusCode.BadRequest, notFound.StatusCode);
        var body = await AssertErrorAsync(notFound, "ERR_STATE_STORE_NOT_FOUND", "state store nosuchstore is not found");
        var info = Assert.Single(body.GetProperty("details").EnumerateArray());
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("DAPR_STATE_NOT_FOUND", info.GetProperty("reason").GetString());
        Assert.Equal("dapr.io", info.GetProperty("domain").GetString());
        Assert.Equal("support", info.GetProperty("metadata").GetProperty("appID").GetString());

        // The only store is scoped to "support": for "outsider" daprd never loads it, so no state store is configured.
        using var notConfigured = await PostJsonAsync(outsider.SidecarHttp, $"/v1.0/state/{Store}", """[{"key":"k","value":1}]""");
        Assert.Equal(HttpStatusCode.InternalServerError, notConfigured.StatusCode);
        await AssertErrorAsync(notConfigured, "ERR_STATE_STORE_NOT_CONFIGURED", $"state store {Store} is not configured");
    }

    [Fact]
    public async Task Malformed_bodies_and_illegal_keys_are_400_malformed_request()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(StateStoreKinds.InMemory, Store, etcd));
        var http = (await harness.AddClientAsync("support")).SidecarHttp;

        using var notAnArray = await PostJsonAsync(http, $"/v1.0/state/{Store}", """{"key":"k","value":1}""");
        Assert.Equal(HttpStatusCode.BadRequest, notAnArray.StatusCode);
        await AssertErrorAsync(notAnArray, "ERR_MALFORMED_REQUEST", string.Empty);

        using var noKey = await PostJsonAsync(http, $"/v1.0/state/{Store}", """[{"value":1}]""");
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        await AssertErrorAsync(noKey, "ERR_MALFORMED_REQUEST", "\"key\" is a required field");

        using var badBulk = await PostJsonAsync(http, $"/v1.0/state/{Store}/bulk", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, badBulk.StatusCode);
        await AssertErrorAsync(badBulk, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body: ");

        using var badTx = await PostJsonAsync(http, $"/v1.0/state/{Store}/transaction", """{"operations":"upsert"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badTx.StatusCode);
        await AssertErrorAsync(badTx, "ERR_MALFORMED_REQUEST", "failed deserializing HTTP body: ");

        using var illegal = await PostJsonAsync(http, $"/v1.0/state/{Store}", """[{"key":"a||b","value":1}]""");
        Assert.Equal(HttpStatusCode.BadRequest, illegal.StatusCode);
        await AssertErrorAsync(illegal, "ERR_MALFORMED_REQUEST", "input key/keyPrefix 'a||b' can't contain '||'");
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, string json) =>
        http.PostAsync(Url(path), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, string errorCode, string messagePrefix)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(errorCode, body.GetProperty("errorCode").GetString());
        Assert.StartsWith(messagePrefix, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        return body;
    }
}
