using System.Text;
using DaprSupport.DaprEmulator.State;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// What the stores write, so a real daprd sharing the same backing store reads the same data: components-contrib's
/// etcd v2 key layout and value envelope, and sqlite's file placement. Follows the Dapr docs:
/// reference/components-reference/supported-state-stores/setup-etcd and setup-sqlite.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class StateStoreLayoutTests(EtcdFixture etcd)
{
    private const string Store = "statestore";

    [Fact]
    public async Task Etcd_v2_keys_are_prefix_path_slash_app_key_with_the_protobuf_envelope_and_mod_revision_etag()
    {
        var prefixPath = "/layout-" + Guid.NewGuid().ToString("N");
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(
            StateStoreKinds.Etcd, Store, etcd, new Dictionary<string, string> { ["keyPrefixPath"] = prefixPath }));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();

        await app.Client.SaveStateAsync(Store, key, new { ticket = "t-9" }, metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "60" });
        var (_, etag) = await app.Client.GetStateAndETagAsync<object>(Store, key);

        using var client = new EtcdClient([etcd.Endpoint]);
        var kv = await client.GetAsync($"{prefixPath}/support||{key}", CancellationToken.None);
        Assert.NotNull(kv);
        Assert.Equal(kv.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), etag);
        Assert.NotEqual(0, kv.Lease);
        var (data, expires) = EtcdValueCodec.For("v2").Decode(kv.Value);
        Assert.Equal("""{"ticket":"t-9"}""", Encoding.UTF8.GetString(data));
        Assert.NotNull(expires);
        Assert.InRange(expires.Value, DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(70));
    }

    [Fact]
    public async Task Sqlite_relative_paths_resolve_against_the_working_directory_and_use_the_table_name()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.Component(
            StateStoreKinds.Sqlite, Store, etcd, new Dictionary<string, string> { ["connectionString"] = "tickets.db", ["tableName"] = "tickets" }));
        var app = await harness.AddClientAsync("support");

        await app.Client.SaveStateAsync(Store, "k", 42);

        var file = Path.Combine(harness.Host.Options.WorkingDirectory!, "tickets.db");
        Assert.True(File.Exists(file));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT CAST(value AS TEXT) FROM tickets WHERE key = 'support||k'";
        Assert.Equal("42", await cmd.ExecuteScalarAsync());

        // Write-ahead logging is on by default, as in Dapr's sqlite component (metadata disableWAL turns it off).
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await cmd.ExecuteScalarAsync());
    }
}
