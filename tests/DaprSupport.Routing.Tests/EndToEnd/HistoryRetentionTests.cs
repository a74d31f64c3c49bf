using System.Globalization;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.History;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// History retention per tenant (default 90 days): every timeline item is written to the history store with the
/// tenant's retention as its TTL, read back here through the sidecar's state API (<c>metadata.ttlExpireTime</c>). The
/// tenant's configuration document (<c>retention.historyDays</c>) sets it for the items written after its version
/// arrives.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class HistoryRetentionTests(RoutingSystemFixture fixture)
{
    [Fact]
    public async Task Items_expire_after_the_default_retention_of_90_days()
    {
        var tenant = RoutingApi.NewTenant("retention");
        var before = DateTimeOffset.UtcNow;
        var session = await fixture.Api.CreateAsync(tenant, "v1", text: "keep me");

        var expires = await ExpiryAsync(tenant, session.SessionId, 1);

        Assert.InRange(expires, before.AddDays(90).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90).AddSeconds(1));
    }

    [Fact]
    public async Task A_tenant_with_its_own_retention_gets_it_on_every_item()
    {
        var before = DateTimeOffset.UtcNow;
        var session = await fixture.Api.CreateAsync(RoutingSystemFixture.Tenants.Retention, "v-" + Guid.NewGuid().ToString("N")[..8], text: "short-lived");
        var lastSeq = (await fixture.Api.SessionAsync(RoutingSystemFixture.Tenants.Retention, session.SessionId)).LastSeq;

        for (var seq = 1; seq <= lastSeq; seq++)
        {
            var expires = await ExpiryAsync(RoutingSystemFixture.Tenants.Retention, session.SessionId, seq);
            Assert.InRange(expires, before.AddDays(RoutingSystemFixture.RetentionDays).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(RoutingSystemFixture.RetentionDays).AddSeconds(1));
        }
    }

    [Fact]
    public async Task The_documents_retention_applies_to_items_written_after_it_and_earlier_items_keep_theirs()
    {
        var tenant = RoutingApi.NewTenant("retention-doc");
        var configs = new TenantConfigs(fixture);
        await configs.WriteAsync(tenant, Retained(30));
        var before = DateTimeOffset.UtcNow;
        var session = await fixture.Api.CreateAsync(tenant, "v1", text: "kept a month");
        var first = (await fixture.Api.SessionAsync(tenant, session.SessionId)).LastSeq;

        await configs.WriteAsync(tenant, Retained(2));
        var between = DateTimeOffset.UtcNow;
        using (var sent = await fixture.Api.AppendAsync(
            tenant, session.SessionId, new AppendTextRequest("m2", Roles.Visitor, "v1", null, "kept two days")))
        {
            Assert.True(sent.IsSuccessStatusCode, $"append: {(int)sent.StatusCode}");
        }

        var last = (await fixture.Api.SessionAsync(tenant, session.SessionId)).LastSeq;

        for (var seq = 1; seq <= first; seq++)
        {
            Assert.InRange(await ExpiryAsync(tenant, session.SessionId, seq), before.AddDays(30).AddSeconds(-1), between.AddDays(30).AddSeconds(1));
        }

        Assert.True(last > first, $"the second text made no item ({first} → {last})");
        Assert.InRange(await ExpiryAsync(tenant, session.SessionId, last), between.AddDays(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(2).AddSeconds(1));
    }

    private static JsonObject Retained(int days)
    {
        var document = TenantConfigs.Document();
        document["retention"] = new JsonObject { ["historyDays"] = days };
        return document;
    }

    private async Task<DateTimeOffset> ExpiryAsync(string tenant, string sessionId, long seq)
    {
        using var http = SidecarTokens.HttpClient(fixture.SessionsSidecar);
        var key = Uri.EscapeDataString(HistoryKeys.Item(tenant, sessionId, seq));
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{fixture.SessionsSidecar.HttpPort}/v1.0/state/{Components.HistoryStore}/{key}"));
        Assert.True(response.IsSuccessStatusCode, $"history item {seq}: {(int)response.StatusCode}");
        Assert.True(response.Headers.TryGetValues("metadata.ttlExpireTime", out var values), $"history item {seq} has no TTL");
        return DateTimeOffset.Parse(values.Single(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
