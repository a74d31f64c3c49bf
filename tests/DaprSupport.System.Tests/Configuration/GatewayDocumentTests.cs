using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Testing;

namespace DaprSupport.System.Tests.Configuration;

/// <summary>
/// The gateway consumes the tenant's configuration document, not appsettings (issue 12, item 4): skill groups a
/// visitor may start in (and their priority) and frame rate limits, changed through the admin API and applied to the
/// next request or frame through the real gateway.
/// </summary>
[Collection(ConfigCollection.Name)]
public sealed class GatewayDocumentTests(ConfigFixture fixture) : IDisposable
{
    private readonly ConfigApi _api = new(fixture.Run);

    [Fact]
    public async Task A_skill_group_made_public_is_startable_and_made_internal_is_refused_at_the_next_start()
    {
        var (tenant, key) = await _api.NewTenantAsync("skills");
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        await _api.ChangeAsync(admin, d => d["tenant"]!["widgetOrigins"] = new JsonArray(ConfigApi.Origin));
        await using var visitor = await SocketClient.ConnectAsync(GatewayTokens.Ws(fixture.Run), (await _api.VisitorTokenAsync(tenant)).Token);

        await visitor.SendAsync(new { type = "start", clientMsgId = "m1", skill = "sales", text = "hi" });
        var unknown = await visitor.WaitForAsync(f => IsError(f, "m1"), "error for m1");
        await _api.ChangeAsync(admin, d => d["skillGroups"] = new JsonArray(
            new JsonObject { ["name"] = "sales", ["visibility"] = "public", ["priority"] = 4 }));
        await visitor.SendAsync(new { type = "start", clientMsgId = "m2", skill = "sales", text = "hi" });
        var session = await visitor.WaitForTypeAsync("session");
        await _api.ChangeAsync(admin, d => d["skillGroups"]![0]!["visibility"] = "internal");
        await visitor.SendAsync(new { type = "start", clientMsgId = "m3", skill = "sales", text = "again" });
        var internalGroup = await visitor.WaitForAsync(f => IsError(f, "m3"), "error for m3");

        var queued = await QueuedPriorityAsync(tenant, key, session.GetProperty("sessionId").GetString()!);

        Assert.Equal(ErrorCodes.InvalidArgument, unknown.GetProperty("code").GetString());
        Assert.Equal(4, queued);
        Assert.Equal(ErrorCodes.InvalidArgument, internalGroup.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_documents_connection_rate_limit_refuses_the_frame_beyond_its_burst()
    {
        var (tenant, key) = await _api.NewTenantAsync("rates");
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        await _api.ChangeAsync(admin, d =>
        {
            d["tenant"]!["widgetOrigins"] = new JsonArray(ConfigApi.Origin);
            d["rateLimits"] = new JsonObject
            {
                ["tenantPerSecond"] = 1000, ["tenantBurst"] = 2000, ["connectionPerSecond"] = 1, ["connectionBurst"] = 2,
            };
        });
        await using var visitor = await SocketClient.ConnectAsync(GatewayTokens.Ws(fixture.Run), (await _api.VisitorTokenAsync(tenant)).Token);

        for (var i = 0; i < 4; i++)
        {
            await visitor.SendAsync(new { type = "ping" });
        }

        var limited = await visitor.WaitForAsync(
            f => SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() == ErrorCodes.RateLimited, "rate_limited");

        Assert.True(limited.GetProperty("retryAfterMs").GetInt64() > 0);
    }

    /// <summary>The priority the router queued the session with, as a supervisor's snapshot shows it.</summary>
    private async Task<int> QueuedPriorityAsync(string tenant, string key, string sessionId)
    {
        var supervisor = await _api.StaffTokenAsync(tenant, key, Roles.Supervisor);
        using var response = await _api.SendAsync(HttpMethod.Get, "/v1/supervisor/snapshot", supervisor);
        var snapshot = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return snapshot["queues"]!.AsArray().SelectMany(q => q!["sessions"]!.AsArray())
            .Where(s => (string?)s!["sessionId"] == sessionId).Select(s => (int)s!["priority"]!).Single();
    }

    private static bool IsError(JsonElement frame, string clientMsgId) =>
        SocketClient.Type(frame) == "error" && frame.TryGetProperty("clientMsgId", out var id) && id.GetString() == clientMsgId;

    public void Dispose() => _api.Dispose();
}
