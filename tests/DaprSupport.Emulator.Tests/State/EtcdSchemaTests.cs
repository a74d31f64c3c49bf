using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.DaprEmulator.State;
using DaprSupport.Testing;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.State;

/// <summary>
/// components-contrib state/etcd/schema.go, as daprd exposes it. v2 always writes the envelope's <c>ttl</c> (an empty
/// Duration without a TTL) and reads <c>ttlExpireTime = ts + ttl</c> whenever it is present, so a value saved without a
/// TTL reads back "expiring" at its write time — on the HTTP state API (a <c>metadata.ttlExpireTime</c> header, as
/// Go's Header.Set writes it: <c>Metadata.ttlexpiretime</c>), in bulk results and in gRPC GetState metadata. v1 stores
/// the bytes as given and reports no metadata; its TTL is only the etcd lease.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdSchemaTests(EtcdFixture etcd)
{
    private const string Store = "statestore";
    private const string HeaderName = "Metadata.ttlexpiretime";

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static DateTimeOffset Seconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    [Fact]
    public async Task V2_value_without_ttl_reads_back_expiring_at_its_write_time_on_http_bulk_and_grpc()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent(Store, etcd, "v2"));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();

        var before = Seconds(DateTimeOffset.UtcNow);
        await SaveAsync(app.SidecarHttp, key, ttlSeconds: null);
        var after = DateTimeOffset.UtcNow;

        using var read = await app.SidecarHttp.GetAsync(Url($"/v1.0/state/{Store}/{key}"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var header = Assert.Single(read.Headers, h => h.Key == HeaderName);
        var value = Assert.Single(header.Value);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", value);
        Assert.InRange(DateTimeOffset.Parse(value, CultureInfo.InvariantCulture), before, after);

        Assert.Equal(value, await BulkTtlExpireTimeAsync(app.SidecarHttp, key));
        Assert.Equal(value, await GrpcTtlExpireTimeAsync(app, key));
    }

    [Fact]
    public async Task V2_value_with_ttl_expires_at_write_time_plus_ttl()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent(Store, etcd, "v2"));
        var app = await harness.AddClientAsync("support");
        var key = StateStoreKinds.NewKey();

        var before = Seconds(DateTimeOffset.UtcNow);
        await SaveAsync(app.SidecarHttp, key, ttlSeconds: 100);
        var after = DateTimeOffset.UtcNow;

        var expires = DateTimeOffset.Parse((await GrpcTtlExpireTimeAsync(app, key))!, CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddSeconds(100), after.AddSeconds(100));
    }

    [Fact]
    public async Task V1_values_carry_no_metadata_and_their_ttl_is_only_the_etcd_lease()
    {
        await using var harness = await EmulatorHarness.StartAsync(StateStoreKinds.EtcdComponent(Store, etcd, "v1"));
        var app = await harness.AddClientAsync("support");
        var plain = StateStoreKinds.NewKey();
        var leased = StateStoreKinds.NewKey();

        await SaveAsync(app.SidecarHttp, plain, ttlSeconds: null);
        await SaveAsync(app.SidecarHttp, leased, ttlSeconds: 1);

        foreach (var key in new[] { plain, leased })
        {
            using var read = await app.SidecarHttp.GetAsync(Url($"/v1.0/state/{Store}/{key}"));
            if (read.StatusCode == HttpStatusCode.OK)
            {
                Assert.DoesNotContain(read.Headers, h => h.Key.StartsWith("Metadata.", StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.Null(await BulkTtlExpireTimeAsync(app.SidecarHttp, plain));
        Assert.Null(await GrpcTtlExpireTimeAsync(app, plain));

        // The lease deletes the key: nothing signals it, so poll.
        Assert.True(await StateStoreKinds.EventuallyAsync(
            async () => (await app.SidecarHttp.GetAsync(Url($"/v1.0/state/{Store}/{leased}"))).StatusCode == HttpStatusCode.NoContent,
            TimeSpan.FromSeconds(15)));
        using var stillThere = await app.SidecarHttp.GetAsync(Url($"/v1.0/state/{Store}/{plain}"));
        Assert.Equal("\"v\"", await stillThere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task V2_envelope_in_etcd_is_contribs_with_an_empty_ttl_field_and_v1_is_the_raw_value()
    {
        var v2Prefix = "/schema-v2-" + Guid.NewGuid().ToString("N");
        var v1Prefix = "/schema-v1-" + Guid.NewGuid().ToString("N");
        await using var harness = await EmulatorHarness.StartAsync(
            StateStoreKinds.EtcdComponent("v2store", etcd, "v2", new Dictionary<string, string> { ["keyPrefixPath"] = v2Prefix }),
            StateStoreKinds.EtcdComponent("v1store", etcd, "v1", new Dictionary<string, string> { ["keyPrefixPath"] = v1Prefix }));
        var app = await harness.AddClientAsync("support");
        await app.Client.SaveStateAsync("v2store", "k", "v");
        await app.Client.SaveStateAsync("v1store", "k", "v");

        using var client = new EtcdClient([etcd.Endpoint]);
        var v2 = (await client.GetAsync($"{v2Prefix}/support||k", CancellationToken.None))!.Value;
        var v1 = (await client.GetAsync($"{v1Prefix}/support||k", CancellationToken.None))!.Value;

        // data = 1 ("\"v\""), ts = 2 (a Timestamp), ttl = 3 present with zero length: contrib's `Ttl: &duration`.
        Assert.Equal(new byte[] { 0x0A, 3, (byte)'"', (byte)'v', (byte)'"', 0x12 }, v2[..6]);
        Assert.Equal(new byte[] { 0x1A, 0x00 }, v2[^2..]);
        Assert.Equal("\"v\"", Encoding.UTF8.GetString(v1));
    }

    private async Task SaveAsync(HttpClient http, string key, int? ttlSeconds)
    {
        object item = ttlSeconds is { } ttl
            ? new { key, value = "v", metadata = new Dictionary<string, string> { ["ttlInSeconds"] = ttl.ToString(CultureInfo.InvariantCulture) } }
            : new { key, value = "v" };
        using var saved = await http.PostAsJsonAsync(Url($"/v1.0/state/{Store}"), new[] { item });
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
    }

    private static async Task<string?> BulkTtlExpireTimeAsync(HttpClient http, string key)
    {
        using var bulk = await http.PostAsJsonAsync(Url($"/v1.0/state/{Store}/bulk"), new { keys = new[] { key } });
        var item = Assert.Single((await bulk.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        return item.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("ttlExpireTime", out var t) ? t.GetString() : null;
    }

    private static async Task<string?> GrpcTtlExpireTimeAsync(TestApp app, string key)
    {
        using var channel = app.OpenGrpcChannel();
        var response = await new Autogen.Dapr.DaprClient(channel).GetStateAsync(new Autogen.GetStateRequest { StoreName = Store, Key = key });
        Assert.False(response.Data.IsEmpty);
        return response.Metadata.TryGetValue("ttlExpireTime", out var value) ? value : null;
    }
}
