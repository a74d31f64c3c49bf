using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Gateway;

namespace DaprSupport.System.Tests.Configuration;

/// <summary>The admin and platform routes through the real gateway (issue 12, item 3), on the whole system from dapr.yaml.</summary>
[Collection(ConfigCollection.Name)]
public sealed class AdminApiTests(ConfigFixture fixture) : IDisposable
{
    private readonly ConfigApi _api = new(fixture.Run);

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/v1/admin/config" },
        { "PUT", "/v1/admin/config" },
        { "GET", "/v1/admin/config/history" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_admin_route_answers_no_token_401_and_every_role_but_admin_403(string method, string path)
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            [Roles.Visitor] = await VisitorAsync(tenant, key),
            [Roles.Agent] = await _api.StaffTokenAsync(tenant, key, Roles.Agent),
            [Roles.Supervisor] = await _api.StaffTokenAsync(tenant, key, Roles.Supervisor),
        };

        foreach (var (role, token) in tokens)
        {
            using var response = await _api.SendAsync(new HttpMethod(method), path, token, JsonNode.Parse("{}"), "\"1\"");
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(token is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(token is null ? ErrorCodes.Unauthorized : ErrorCodes.Forbidden, (string?)problem["code"]);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(role.Length > 0);
        }
    }

    [Fact]
    public async Task An_admin_reads_and_writes_only_its_own_tenant()
    {
        var (mine, myKey) = await _api.NewTenantAsync("mine");
        var (other, otherKey) = await _api.NewTenantAsync("other");
        var myAdmin = await _api.StaffTokenAsync(mine, myKey, Roles.Admin);
        var otherAdmin = await _api.StaffTokenAsync(other, otherKey, Roles.Admin);

        await _api.ChangeAsync(myAdmin, d => d["tenant"]!["displayName"] = "Mine changed");
        var (mineNow, mineTag) = await _api.GetConfigAsync(myAdmin);
        var (otherNow, otherTag) = await _api.GetConfigAsync(otherAdmin);
        using var history = await _api.SendAsync(HttpMethod.Get, "/v1/admin/config/history", otherAdmin);

        Assert.Equal("Mine changed", (string?)mineNow["tenant"]!["displayName"]);
        Assert.Equal("\"2\"", mineTag);
        Assert.Equal("Tenant " + other, (string?)otherNow["tenant"]!["displayName"]);
        Assert.Equal("\"1\"", otherTag);
        Assert.Single(JsonNode.Parse(await history.Content.ReadAsStringAsync())!.AsArray());
    }

    [Fact]
    public async Task Put_needs_if_match_refuses_a_stale_version_and_names_every_invalid_field()
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        var (document, etag) = await _api.GetConfigAsync(admin);

        using var without = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, document);
        using var stale = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, document, "\"7\"");
        var invalid = document.DeepClone();
        invalid["skillGroups"] = JsonNode.Parse("""
            [{ "name": "billing", "overflowTo": "nobody", "loadThreshold": -2 }]
            """);
        invalid["businessHours"] = JsonNode.Parse("""{ "timeZone": "Mars/Base", "weekly": [] }""");
        invalid["blocks"]!["ips"] = JsonNode.Parse("""["10.0.0.0/40"]""");
        using var bad = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, invalid, etag);
        var badProblem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;

        Assert.Equal((HttpStatusCode)428, without.StatusCode);
        Assert.Equal(ErrorCodes.PreconditionRequired, (string?)JsonNode.Parse(await without.Content.ReadAsStringAsync())!["code"]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(etag, stale.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(ErrorCodes.InvalidArgument, (string?)badProblem["code"]);
        Assert.Equal(
            ["/blocks/ips/0", "/businessHours/timeZone", "/skillGroups/0/loadThreshold", "/skillGroups/0/overflowTo"],
            badProblem["errors"]!.AsArray().Select(e => (string)e!["pointer"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_makes_the_next_version_and_the_history_says_who_when_and_what_changed()
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin, userId: "ada-admin");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var etag = await _api.ChangeAsync(admin, d =>
        {
            d["skillGroups"] = JsonNode.Parse("""[{ "name": "billing", "assignment": "manual" }]""");
            d["blocks"]!["userIds"] = JsonNode.Parse("""["mallory"]""");
        });
        using var response = await _api.SendAsync(HttpMethod.Get, "/v1/admin/config/history", admin);
        var history = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal("\"2\"", etag);
        Assert.Equal([1L, 2L], history.Select(e => (long)e!["version"]!));
        Assert.Equal("platform", (string?)history[0]!["by"]);
        var last = history[1]!;
        Assert.Equal("ada-admin", (string?)last["by"]);
        Assert.InRange(last["at"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(["/blocks/userIds", "/skillGroups"], last["changed"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public async Task The_development_seed_is_version_zero_and_the_first_write_keeps_its_keys_working()
    {
        var admin = await _api.StaffTokenAsync(GatewayTokens.Tenant, "demo-key", Roles.Admin);

        var (seed, seedTag) = await _api.GetConfigAsync(admin);
        var etag = await _api.ChangeAsync(admin, d => d["widgetTexts"] = JsonNode.Parse("""{ "greeting": "Hello from config" }"""));
        var agent = await _api.StaffTokenAsync(GatewayTokens.Tenant, "demo-key", Roles.Agent);

        Assert.Equal("\"0\"", seedTag);
        Assert.Contains(ConfigApi.Origin, seed["tenant"]!["widgetOrigins"]!.AsArray().Select(o => (string?)o));
        Assert.DoesNotContain("demo-key", seed.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("\"1\"", etag);
        Assert.NotEmpty(agent);
    }

    [Fact]
    public async Task The_platform_route_takes_only_the_platform_key()
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        var body = new PlatformTenantRequest("p-" + Guid.NewGuid().ToString("N")[..10], "P");

        using var none = await _api.PlatformAsync(body, key: null);
        using var bearer = await _api.PlatformAsync(body, key: null, bearer: admin);
        using var wrong = await _api.PlatformAsync(body, key: ConfigFixture.PlatformKey + "x");
        using var created = await _api.PlatformAsync(body);
        using var again = await _api.PlatformAsync(body with { DisplayName = "P2" });
        using var badId = await _api.PlatformAsync(new PlatformTenantRequest("no:colons"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<PlatformTenantResponse>())!.Version);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    [Fact]
    public async Task A_disabled_tenants_tokens_stop_working_and_its_keys_issue_none()
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);

        using var disabled = await _api.PlatformAsync(new PlatformTenantRequest(tenant, Enabled: false));
        using var read = await _api.SendAsync(HttpMethod.Get, "/v1/admin/config", admin);
        using var issue = await _api.StaffTokenResponseAsync(tenant, key, Roles.Agent);
        using var enabled = await _api.PlatformAsync(new PlatformTenantRequest(tenant, Enabled: true));
        using var readAgain = await _api.SendAsync(HttpMethod.Get, "/v1/admin/config", admin);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(ErrorCodes.Blocked, (string?)JsonNode.Parse(await read.Content.ReadAsStringAsync())!["code"]);
        Assert.Equal(HttpStatusCode.Unauthorized, issue.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readAgain.StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_disable_its_own_tenant()
    {
        var (tenant, key) = await _api.NewTenantAsync();
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        var (document, etag) = await _api.GetConfigAsync(admin);
        document["tenant"]!["enabled"] = false;

        using var response = await _api.SendAsync(HttpMethod.Put, "/v1/admin/config", admin, document, etag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("/tenant/enabled", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["pointer"]);
    }

    public void Dispose() => _api.Dispose();

    private async Task<string> VisitorAsync(string tenant, string key)
    {
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        await _api.ChangeAsync(admin, d => d["tenant"]!["widgetOrigins"] = new JsonArray(ConfigApi.Origin));
        return (await _api.VisitorTokenAsync(tenant)).Token;
    }
}
