using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Testing;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.System.Tests.Configuration;

/// <summary>
/// Business hours through the real gateway (issue 12, item 6): a WebSocket start outside the tenant's hours is an
/// offline ticket showing the tenant's offline message; the visitor can keep writing into it; once the hours open
/// (a change written on the configuration actor) the ticket is queued and offered to an online agent.
/// </summary>
[Collection(ConfigCollection.Name)]
public sealed class BusinessHoursTests(ConfigFixture fixture) : IDisposable
{
    private const string OfflineMessage = "We are closed right now. Leave us a message and we will write back.";
    private readonly ConfigApi _api = new(fixture.Run);

    [Fact]
    public async Task A_start_outside_hours_is_an_offline_ticket_queued_and_offered_when_the_hours_open()
    {
        var (tenant, key) = await _api.NewTenantAsync("hours");
        var admin = await _api.StaffTokenAsync(tenant, key, Roles.Admin);
        var today = DateTimeOffset.UtcNow.Date;
        await _api.ChangeAsync(admin, d =>
        {
            d["tenant"]!["widgetOrigins"] = new JsonArray(ConfigApi.Origin);
            d["businessHours"] = new JsonObject
            {
                ["timeZone"] = "UTC",
                ["weekly"] = new JsonArray(),
                ["holidays"] = new JsonArray(
                    today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ["offlineMessage"] = OfflineMessage,
            };
        });
        using var agentToken = await _api.Http.PostAsJsonAsync(new Uri("/v1/auth/token", UriKind.Relative),
            new StaffTokenRequest(tenant, key, "alice", Roles.Agent, "Alice", ["general"], 2));
        Assert.Equal(HttpStatusCode.OK, agentToken.StatusCode);
        var visitorToken = await _api.VisitorTokenAsync(tenant);
        await using var visitor = await SocketClient.ConnectAsync(GatewayTokens.Ws(fixture.Run), visitorToken.Token);

        await visitor.SendAsync(new { type = "start", clientMsgId = "c1", text = "Is anyone there?" });
        var ack = await visitor.WaitForAsync(f => IsAck(f, "c1"), "start ack");
        var sessionId = ack.GetProperty("sessionId").GetString()!;
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "offline"), "offline session");
        var offline = await visitor.WaitForAsync(f => IsItem(f, sessionId, 2), "offline event");
        var more = await SendTextAsync(visitor, sessionId, "My order is late.");
        await using var agent = await OnlineAgentAsync(GatewayTokens.Ws(fixture.Run), (await agentToken.Content.ReadFromJsonAsync<TokenResponse>())!.Token);

        await _api.ChangeElsewhereAsync(tenant, d => d.AsObject().Remove("businessHours"));
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "queued"), "queued once the hours open", TimeSpan.FromSeconds(30));
        await AcceptAsync(agent, sessionId);
        await visitor.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned");

        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        Assert.Equal(("event", "offline", OfflineMessage), (offline.GetProperty("kind").GetString(), Event(offline), Text(offline)));
        Assert.Equal(3, more);
    }

    public void Dispose() => _api.Dispose();
}
