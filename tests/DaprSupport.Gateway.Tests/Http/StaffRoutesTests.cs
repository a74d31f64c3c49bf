using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.Http;

/// <summary>
/// The staff routes of the desk: <c>GET /v1/sessions/{id}/visitor</c> (visitor details with the start context and
/// the visitor's other sessions) and <c>GET /v1/canned-replies</c> (the tenant's canned replies).
/// </summary>
public sealed class StaffRoutesTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Visitor_details_show_the_start_context_and_the_visitors_earlier_sessions()
    {
        var skill = TestUsers.NewSkill();
        var (_, agentToken) = system.Agent(skill);
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = system.Visitor();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var earlier = await AssignedAsync(visitor, agent, skill);
        await agent.SendAsync(new { type = "resolve", sessionId = earlier });
        await agent.WaitForAsync(f => IsSession(f, earlier, "resolved"), "resolved");
        var context = new { page = "https://www.acme.test/pricing", fields = new Dictionary<string, string> { ["email"] = "ada@example.com", ["order"] = "A-1001" } };
        var sessionId = await AssignedAsync(visitor, agent, skill, context);

        using var response = await GetAsync($"/v1/sessions/{sessionId}/visitor", agentToken);
        var details = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VisitorHandles.Of(TestTenants.Acme, visitorId), details.GetProperty("visitor").GetProperty("id").GetString());
        Assert.Equal("Visitor " + visitorId[2..6], details.GetProperty("visitor").GetProperty("name").GetString());
        Assert.Equal("https://www.acme.test/pricing", details.GetProperty("page").GetString());
        Assert.Equal("A-1001", details.GetProperty("fields").GetProperty("order").GetString());
        var other = Assert.Single(details.GetProperty("sessions").EnumerateArray());
        Assert.Equal((earlier, "resolved"), (other.GetProperty("sessionId").GetString(), other.GetProperty("status").GetString()));
        Assert.True(other.GetProperty("resolvedAt").GetDateTimeOffset() >= other.GetProperty("createdAt").GetDateTimeOffset());
        Assert.DoesNotContain(visitorId, details.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_context_over_the_limits_is_refused_by_field()
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        var fields = Enumerable.Range(0, 9).ToDictionary(i => $"f{i}", i => "x");

        await visitor.SendAsync(new { type = "start", clientMsgId = "c1", skill = TestUsers.NewSkill(), text = "hi", context = new { page = new string('p', 2049) } });
        await visitor.SendAsync(new { type = "start", clientMsgId = "c2", skill = TestUsers.NewSkill(), text = "hi", context = new { fields } });
        await visitor.SendAsync(new { type = "start", clientMsgId = "c3", skill = TestUsers.NewSkill(), text = "hi", context = new { fields = new { note = new string('n', 501) } } });

        foreach (var (id, field) in new[] { ("c1", "context.page"), ("c2", "context.fields"), ("c3", "context.fields.note") })
        {
            var error = await visitor.WaitForAsync(f => SocketClient.Type(f) == "error" && f.GetProperty("clientMsgId").GetString() == id, id);
            Assert.Equal("invalid_argument", error.GetProperty("code").GetString());
            Assert.StartsWith(field, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(visitor.Received, f => SocketClient.Type(f) == "ack");
    }

    [Fact]
    public async Task Canned_replies_are_the_tenants_for_staff_only()
    {
        using var agent = await GetAsync("/v1/canned-replies", system.Agent(TestUsers.NewSkill()).Token);
        using var supervisor = await GetAsync("/v1/canned-replies", system.Agent(TestUsers.NewSkill(), "supervisor").Token);
        using var globex = await GetAsync("/v1/canned-replies", system.Agent("general", tenant: TestTenants.Globex).Token);
        using var visitor = await GetAsync("/v1/canned-replies", system.Visitor().Token);
        using var anonymous = await GetAsync("/v1/canned-replies", null);

        var replies = (await agent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies");
        Assert.Equal(["hello", "bye"], replies.EnumerateArray().Select(r => r.GetProperty("shortcut").GetString()));
        Assert.Equal(TestTenants.CannedHello, replies[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, supervisor.StatusCode);
        Assert.Empty((await globex.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replies").EnumerateArray());
        await Problem.AssertAsync(visitor, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
