using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using DaprSupport.Testing;
using Grpc.Core;

namespace DaprSupport.Emulator.Tests.Resiliency;

/// <summary>
/// Component outbound policies on the state API (HTTP and gRPC, every operation), following
/// operations/resiliency/resiliency-overview and operations/resiliency/targets ("Components: outbound"): daprd runs each
/// state call through the store's outbound retry and timeout; bulk reads as a whole, with per-key failures as per-item
/// errors.
/// </summary>
public sealed class StateResiliencyTests
{
    private const string Policies = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: stores
        spec:
          policies:
            timeouts:
              quick: 200ms
            retries:
              three:
                policy: constant
                duration: 10ms
                maxRetries: 3
          targets:
            components:
              flaky:
                outbound:
                  retry: three
              slow:
                outbound:
                  timeout: quick
        """;

    private static string Store(string name) => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: state.in-memory
          version: v1
        """;

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<(EmulatorHarness Harness, TestApp App)> StartAsync()
    {
        var harness = await EmulatorHarness.StartAsync(o => o.StateStoreDecorator = s => new FaultyStateStore(s), Policies, Store("flaky"), Store("slow"), Store("plain"));
        return (harness, await harness.AddClientAsync("caller"));
    }

    private static FaultyStateStore Faulty(EmulatorHarness harness, string name) =>
        (FaultyStateStore)harness.Host.Components.FindStateStore(name, "caller")!;

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Http_state_operations_are_retried_past_two_store_failures()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "flaky");
        var key = "k-" + Guid.NewGuid().ToString("N");
        var http = app.SidecarHttp;
        var operations = new (string Name, Func<Task<HttpResponseMessage>> Call, HttpStatusCode Expected)[]
        {
            ("save", () => http.PostAsync(Url("/v1.0/state/flaky"), JsonContent.Create(new[] { new { key, value = "v1" } })), HttpStatusCode.NoContent),
            ("get", () => http.GetAsync(Url($"/v1.0/state/flaky/{key}")), HttpStatusCode.OK),
            ("transaction", () => http.PostAsync(Url("/v1.0/state/flaky/transaction"),
                JsonContent.Create(new { operations = new[] { new { operation = "upsert", request = new { key, value = "v2" } } } })), HttpStatusCode.NoContent),
            ("delete", () => http.DeleteAsync(Url($"/v1.0/state/flaky/{key}")), HttpStatusCode.NoContent),
        };

        foreach (var (name, call, expected) in operations)
        {
            store.Arm(failures: 2);
            using var response = await call();
            Assert.True(expected == response.StatusCode, $"{name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(store.Calls == 3, $"{name}: {store.Calls} store calls");
        }
    }

    [Fact]
    public async Task Grpc_state_operations_through_the_sdk_are_retried_past_two_store_failures()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "flaky");
        var key = "k-" + Guid.NewGuid().ToString("N");
        var client = app.Client;
        var operations = new (string Name, Func<Task> Call)[]
        {
            ("save", () => client.SaveStateAsync("flaky", key, "v1")),
            ("get", async () => Assert.Equal("v1", await client.GetStateAsync<string>("flaky", key))),
            ("transaction", () => client.ExecuteStateTransactionAsync("flaky",
                [new StateTransactionRequest(key, JsonSerializer.SerializeToUtf8Bytes("v2"), StateOperationType.Upsert)])),
            ("delete", () => client.DeleteStateAsync("flaky", key)),
            ("bulk delete", () => client.DeleteBulkStateAsync("flaky", [new BulkDeleteStateItem(key, string.Empty)])),
        };

        foreach (var (name, call) in operations)
        {
            store.Arm(failures: 2);
            await call();
            Assert.True(store.Calls == 3, $"{name}: {store.Calls} store calls");
        }
    }

    [Fact]
    public async Task Bulk_get_is_retried_as_a_whole_so_a_failing_key_is_a_per_item_error()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "flaky");
        var key = "k-" + Guid.NewGuid().ToString("N");

        store.Arm(failures: 1);
        using var response = await app.SidecarHttp.PostAsync(Url("/v1.0/state/flaky/bulk"), JsonContent.Create(new { keys = new[] { key } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("injected store failure", item.GetProperty("error").GetString());
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task When_retries_run_out_the_last_store_error_is_returned()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "flaky");
        var key = "k-" + Guid.NewGuid().ToString("N");

        store.Arm(failures: 10);
        using var response = await app.SidecarHttp.GetAsync(Url($"/v1.0/state/flaky/{key}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("ERR_STATE_GET", error.GetProperty("errorCode").GetString());
        Assert.Equal($"fail to get {key} from state store flaky: injected store failure", error.GetProperty("message").GetString());
        Assert.Equal(4, store.Calls);
    }

    [Fact]
    public async Task A_store_without_a_policy_is_called_once()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "plain");

        store.Arm(failures: 1);
        using var response = await app.SidecarHttp.PostAsync(Url("/v1.0/state/plain"), JsonContent.Create(new[] { new { key = "k", value = 1 } }));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ERR_STATE_SAVE", (await ErrorOf(response)).GetProperty("errorCode").GetString());
        Assert.Equal(1, store.Calls);
    }

    [Fact]
    public async Task Timeout_policy_cuts_a_slow_store_call_on_http_and_grpc()
    {
        var (harness, app) = await StartAsync();
        await using var _ = harness;
        var store = Faulty(harness, "slow");
        store.Delay = TimeSpan.FromSeconds(30);
        var key = "k-" + Guid.NewGuid().ToString("N");

        var clock = Stopwatch.StartNew();
        using var response = await app.SidecarHttp.GetAsync(Url($"/v1.0/state/slow/{key}"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("ERR_STATE_GET", error.GetProperty("errorCode").GetString());
        Assert.Equal($"fail to get {key} from state store slow: context deadline exceeded", error.GetProperty("message").GetString());

        var ex = await Assert.ThrowsAsync<DaprException>(() => app.Client.SaveStateAsync("slow", key, "v"));
        var rpc = Assert.IsType<RpcException>(ex.InnerException);
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.Contains("context deadline exceeded", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
