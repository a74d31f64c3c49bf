using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;
using DaprSupport.Testing;
using Grpc.Core;

namespace DaprSupport.Emulator.Tests.Locks;

/// <summary>
/// The distributed lock API (reference/api/distributed_lock_api) on <c>lock.redis</c>, emulated in memory with
/// contrib's standalone Redis semantics (SET NX with expiry; unlock only by the owner) and daprd's request checks,
/// error codes and key prefixes (dapr pkg/api/universal/lock.go, pkg/api/errors/lock.go,
/// pkg/components/lock/lock_config.go; components-contrib lock/redis/standalone.go).
/// </summary>
public sealed class LockApiTests
{
    private const string Store = "lockstore";

    private static string Component(string? keyPrefix = null, string? scope = null) => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {Store}
        spec:
          type: lock.redis
          version: v1
          metadata:
            - name: redisHost
              value: "localhost:6379"
        {(keyPrefix is null ? "" : $"    - name: keyPrefix\n      value: \"{keyPrefix}\"\n")}{(scope is null ? "" : $"scopes:\n  - {scope}\n")}
        """;

    private static string Resource() => "res-" + Guid.NewGuid().ToString("N");

    private static async Task<JsonElement> PostAsync(TestApp app, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await app.SidecarHttp.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {json}");
        return json;
    }

    private static Task<JsonElement> LockAsync(TestApp app, string resource, string owner, int expiry = 60, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostAsync(app, $"/v1.0-alpha1/lock/{Store}", new { resourceId = resource, lockOwner = owner, expiryInSeconds = expiry }, expected);

    private static Task<JsonElement> UnlockAsync(TestApp app, string resource, string owner, HttpStatusCode expected = HttpStatusCode.OK) =>
        PostAsync(app, $"/v1.0-alpha1/unlock/{Store}", new { resourceId = resource, lockOwner = owner }, expected);

    [Fact]
    public async Task A_lock_is_held_by_one_owner_and_released_only_by_it_over_http()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component());
        var app = await harness.AddClientAsync("worker");
        var resource = Resource();

        var first = await LockAsync(app, resource, "a");
        var other = await LockAsync(app, resource, "b");
        var again = await LockAsync(app, resource, "a");
        var byOther = await UnlockAsync(app, resource, "b");
        var byOwner = await UnlockAsync(app, resource, "a");
        var missing = await UnlockAsync(app, resource, "a");
        var next = await LockAsync(app, resource, "b");

        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.False(other.GetProperty("success").GetBoolean());
        Assert.False(again.GetProperty("success").GetBoolean());
        Assert.Equal(2, byOther.GetProperty("status").GetInt32());
        Assert.Equal(0, byOwner.GetProperty("status").GetInt32());
        Assert.Equal(1, missing.GetProperty("status").GetInt32());
        Assert.True(next.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task A_lock_expires_after_its_expiry()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component());
        var app = await harness.AddClientAsync("worker");
        var resource = Resource();

        var first = await LockAsync(app, resource, "a", expiry: 1);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        JsonElement taken;
        do
        {
            taken = await LockAsync(app, resource, "b");
        }
        while (!taken.GetProperty("success").GetBoolean() && DateTimeOffset.UtcNow < deadline && await Delay());

        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.True(taken.GetProperty("success").GetBoolean());
        Assert.Equal(2, (await UnlockAsync(app, resource, "a")).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData(0, Store, "r", "o", HttpStatusCode.BadRequest, "ERR_EXPIRY_NOT_POSITIVE")]
    [InlineData(0, "nope", "r", "o", HttpStatusCode.BadRequest, "ERR_EXPIRY_NOT_POSITIVE")]
    [InlineData(10, Store, "", "o", HttpStatusCode.BadRequest, "ERR_RESOURCE_ID_EMPTY")]
    [InlineData(10, Store, "r", "", HttpStatusCode.BadRequest, "ERR_OWNER_EMPTY")]
    [InlineData(10, "nope", "r", "o", HttpStatusCode.NotFound, "ERR_LOCK_NOT_FOUND")]
    [InlineData(10, Store, "a||b", "o", HttpStatusCode.InternalServerError, "ERR_TRY_LOCK")]
    public async Task TryLock_refuses_bad_requests_in_daprds_order(int expiry, string store, string resource, string owner, HttpStatusCode status, string code)
    {
        await using var harness = await EmulatorHarness.StartAsync(Component());
        var app = await harness.AddClientAsync("worker");

        var error = await PostAsync(app, $"/v1.0-alpha1/lock/{store}", new { resourceId = resource, lockOwner = owner, expiryInSeconds = expiry }, status);

        Assert.Equal(code, error.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Without_a_lock_store_the_api_is_not_configured()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component(scope: "someone-else"));
        var app = await harness.AddClientAsync("worker");

        var error = await PostAsync(app, $"/v1.0-alpha1/unlock/{Store}", new { resourceId = "r", lockOwner = "o" }, HttpStatusCode.InternalServerError);

        Assert.Equal("ERR_LOCK_NOT_CONFIGURED", error.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Apps_lock_apart_by_default_and_together_with_key_prefix_name()
    {
        await using var apart = await EmulatorHarness.StartAsync(Component());
        await using var together = await EmulatorHarness.StartAsync(Component(keyPrefix: "name"));
        var resource = Resource();

        var apartFirst = await LockAsync(await apart.AddClientAsync("one"), resource, "a");
        var apartSecond = await LockAsync(await apart.AddClientAsync("two"), resource, "b");
        var togetherFirst = await LockAsync(await together.AddClientAsync("one"), resource, "a");
        var togetherSecond = await LockAsync(await together.AddClientAsync("two"), resource, "b");

        Assert.True(apartFirst.GetProperty("success").GetBoolean());
        Assert.True(apartSecond.GetProperty("success").GetBoolean());
        Assert.True(togetherFirst.GetProperty("success").GetBoolean());
        Assert.False(togetherSecond.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task The_sdk_locks_and_unlocks_over_grpc_and_an_unknown_store_is_invalid_argument()
    {
        await using var harness = await EmulatorHarness.StartAsync(Component());
        var app = await harness.AddClientAsync("worker");
        var resource = Resource();

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The lock API is alpha in the SDK.
        var locked = await app.Client.Lock(Store, resource, "a", 60);
        var refused = await app.Client.Lock(Store, resource, "b", 60);
        var byOther = await app.Client.Unlock(Store, resource, "b");
        var byOwner = await app.Client.Unlock(Store, resource, "a");
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() => app.Client.Lock("nope", resource, "a", 60));
#pragma warning restore DAPR_DISTRIBUTEDLOCK

        Assert.True(locked.Success);
        Assert.False(refused.Success);
        Assert.Equal(LockStatus.LockBelongsToOthers, byOther.status);
        Assert.Equal(LockStatus.Success, byOwner.status);
        Assert.Equal(StatusCode.InvalidArgument, FindRpc(unknown)!.StatusCode);
    }

    private static RpcException? FindRpc(Exception? e) => e switch
    {
        null => null,
        RpcException rpc => rpc,
        _ => FindRpc(e.InnerException),
    };

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
