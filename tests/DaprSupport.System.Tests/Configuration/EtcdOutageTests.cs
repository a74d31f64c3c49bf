using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using Xunit.Abstractions;

namespace DaprSupport.System.Tests.Configuration;

/// <summary>
/// Issue 12, item 7, with the real etcd behind the actor state store killed and started again: the replicas keep
/// serving the last good version (token issue, origins, the admin's read), an admin write answers 503 unavailable
/// (problem+json) at once rather than hanging, nothing written before is lost, and writes work again once etcd is back.
/// </summary>
[Collection(ConfigCollection.Name)]
public sealed class EtcdOutageTests(ConfigFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);
    private readonly ConfigApi _api = new(fixture.Run);

    [Fact]
    public async Task With_etcd_down_reads_serve_the_last_good_version_writes_answer_503_and_all_recovers()
    {
        var (tenant, key) = await _api.NewTenantAsync("outage");
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        var before = await _api.ChangeAsync(admin, d => d["tenant"]!["widgetOrigins"] = new JsonArray(ConfigApi.Origin));

        await fixture.Run.StopEtcdAsync();
        try
        {
            var (read, readTag) = await _api.GetConfigAsync(admin);
            using var visitor = await _api.VisitorTokenResponseAsync(tenant);
            using var staff = await _api.StaffTokenResponseAsync(tenant, key, Roles.Agent);
            var clock = Stopwatch.StartNew();
            var document = JsonNode.Parse(read.ToJsonString())!;
            document["tenant"]!["displayName"] = "Written while etcd is down";
            using var write = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, document, before);
            var answeredAfter = clock.Elapsed;
            var problem = JsonNode.Parse(await write.Content.ReadAsStringAsync())!;
            output.WriteLine($"admin write with etcd down answered {(int)write.StatusCode} after {(int)answeredAfter.TotalMilliseconds} ms");

            Assert.Equal(before, readTag);
            Assert.Equal(ConfigApi.Origin, (string?)read["tenant"]!["widgetOrigins"]![0]);
            Assert.Equal(HttpStatusCode.OK, visitor.StatusCode);
            Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ErrorCodes.Unavailable, (string?)problem["code"]);
            Assert.True(answeredAfter < Quick, $"the write answered after {answeredAfter}");
        }
        finally
        {
            await fixture.Run.StartEtcdAgainAsync();
        }

        var after = await WriteWhenBackAsync(admin, before);
        var (current, _) = await _api.GetConfigAsync(admin);
        using var history = await _api.SendAsync(HttpMethod.Get, "/v1/admin/config/history", admin);
        var versions = JsonNode.Parse(await history.Content.ReadAsStringAsync())!.AsArray()
            .Select(e => (long)e!["version"]!).ToList();

        Assert.Equal(ConfigApi.Origin, (string?)current["tenant"]!["widgetOrigins"]![0]);
        Assert.Equal("Written after etcd came back", (string?)current["tenant"]!["displayName"]);
        Assert.Equal(Version(before) + 1, Version(after));
        Assert.Equal(Enumerable.Range(1, (int)Version(after)).Select(v => (long)v), versions);
    }

    /// <summary>
    /// The first write after etcd returns, retried while the sidecar's etcd connection comes back (the outage's
    /// 503s); returns its ETag.
    /// </summary>
    private async Task<string> WriteWhenBackAsync(string admin, string etag)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (document, current) = await _api.GetConfigAsync(admin);
            Assert.Equal(etag, current);
            document["tenant"]!["displayName"] = "Written after etcd came back";
            using var response = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, document, etag);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                output.WriteLine($"writes work again {(int)clock.Elapsed.TotalMilliseconds} ms after etcd was started");
                return response.Headers.ETag!.Tag;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "writes did not recover after etcd came back");
            await Task.Delay(200);
        }
    }

    private static long Version(string etag) => long.Parse(etag.Trim('"'), global::System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _api.Dispose();
}
