using System.Text;
using Dapr;
using DaprSupport.Testing;
using Grpc.Core;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// Key prefixing (the <c>keyPrefix</c> component metadata) and component scopes, through the SDK, checking the raw
/// keys in the store. Follows the Dapr docs: developing-applications/building-blocks/state-management/howto-share-state
/// and reference/api/state_api.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class StateKeyPrefixAndScopeTests(EtcdFixture etcd)
{
    private const string Store = "statestore";

    [Theory]
    [MemberData(nameof(StateStoreKinds.All), MemberType = typeof(StateStoreKinds))]
    public async Task Apps_get_their_own_key_space_by_default(string kind)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(kind, Store, etcd));
        var chat = await harness.AddClientAsync("chat");
        var billing = await harness.AddClientAsync("billing");
        var key = StateStoreKinds.NewKey();

        await chat.Client.SaveStateAsync(Store, key, "from chat");
        await billing.Client.SaveStateAsync(Store, key, "from billing");

        Assert.Equal("from chat", await chat.Client.GetStateAsync<string>(Store, key));
        Assert.Equal("from billing", await billing.Client.GetStateAsync<string>(Store, key));
        Assert.Equal("\"from chat\"", await RawAsync(harness, "chat", $"chat||{key}"));
        Assert.Equal("\"from billing\"", await RawAsync(harness, "chat", $"billing||{key}"));
        Assert.Null(await RawAsync(harness, "chat", key));

        var bulk = await chat.Client.GetBulkStateAsync<string>(Store, [key], parallelism: 1);
        Assert.Equal(key, Assert.Single(bulk).Key);
    }

    [Theory]
    [InlineData("name", "statestore||")]
    [InlineData("none", "")]
    [InlineData("Shared", "shared||")]
    public async Task Key_prefix_strategies_shape_the_stored_key(string strategy, string expectedPrefix)
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(
            StateStoreKinds.Sqlite, Store, etcd, new Dictionary<string, string> { ["keyPrefix"] = strategy }));
        var chat = await harness.AddClientAsync("chat");
        var billing = await harness.AddClientAsync("billing");
        var key = StateStoreKinds.NewKey();

        await chat.Client.SaveStateAsync(Store, key, "shared value");

        Assert.Equal("\"shared value\"", await RawAsync(harness, "chat", expectedPrefix + key));
        Assert.Equal("shared value", await billing.Client.GetStateAsync<string>(Store, key));
    }

    [Fact]
    public async Task Scoped_stores_are_not_found_for_other_apps_over_grpc()
    {
        await using var harness = await EmulatorHarness.StartAsync(
            StateStoreKinds.Component(StateStoreKinds.InMemory, Store, etcd, scopes: "chat"),
            StateStoreKinds.Component(StateStoreKinds.InMemory, "public", etcd));
        var chat = await harness.AddClientAsync("chat");
        var billing = await harness.AddClientAsync("billing");

        await chat.Client.SaveStateAsync(Store, "k", 1);
        await billing.Client.SaveStateAsync("public", "k", 2);

        var error = await Assert.ThrowsAsync<DaprException>(() => billing.Client.GetStateAsync<int>(Store, "k"));
        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal($"state store {Store} is not found", rpc.Status.Detail);
    }

    private static async Task<string?> RawAsync(EmulatorHarness harness, string appId, string storedKey)
    {
        var store = harness.Host.Components.FindStateStore(Store, appId) ?? throw new InvalidOperationException("store not found");
        var entry = await store.GetAsync(storedKey, CancellationToken.None);
        return entry is null ? null : Encoding.UTF8.GetString(entry.Value.Span);
    }
}
