using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.Http;

/// <summary><c>GET /v1/me/sessions</c>: an agent's assigned sessions, for a desk opened afresh.</summary>
public sealed class MySessionsRouteTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    private static readonly Uri Mine = new("/v1/me/sessions", UriKind.Relative);

    [Fact]
    public async Task Only_agents_may_list_their_sessions()
    {
        using var http = system.CreateHttpClient();
        using var anonymous = await http.GetAsync(Mine);
        using var visitor = await GetAsync(http, system.Visitor().Token);
        using var supervisor = await GetAsync(http, system.Agent(TestUsers.NewSkill(), role: "supervisor").Token);

        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await Problem.AssertAsync(visitor, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Problem.AssertAsync(supervisor, HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Lists_the_sessions_assigned_to_the_agent_with_their_last_seq_and_not_resolved_ones()
    {
        var skill = TestUsers.NewSkill();
        var (agentId, agentToken) = system.Agent(skill);
        await using var agent = await SocketClient.ConnectAsync(system.GatewayWs, agentToken);
        await agent.SendAsync(new { type = "presence", status = "online" });
        using var http = system.CreateHttpClient();
        using (var before = await GetAsync(http, agentToken))
        {
            Assert.Empty((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions").EnumerateArray());
        }

        var kept = await AcceptedSessionAsync(agent, skill, "keep me");
        var resolved = await AcceptedSessionAsync(agent, skill, "resolve me");
        await agent.SendAsync(new { type = "resolve", sessionId = resolved });
        await agent.WaitForAsync(f => SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == resolved && f.GetProperty("status").GetString() == "resolved", "resolved");

        using var response = await GetAsync(http, agentToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions").EnumerateArray());
        var session = entry.GetProperty("session");
        Assert.Equal(kept, session.GetProperty("sessionId").GetString());
        Assert.Equal("assigned", session.GetProperty("status").GetString());
        Assert.Equal(agentId, session.GetProperty("agentId").GetString());
        Assert.Equal(skill, session.GetProperty("skill").GetString());
        Assert.True(entry.GetProperty("lastSeq").GetInt64() >= 1);
    }

    private async Task<string> AcceptedSessionAsync(SocketClient agent, string skill, string text)
    {
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        await visitor.SendAsync(new { type = "start", clientMsgId = Guid.NewGuid().ToString(), skill, text });
        var sessionId = (await visitor.WaitForTypeAsync("ack")).GetProperty("sessionId").GetString()!;
        await agent.WaitForAsync(f => SocketClient.Type(f) == "offer" && f.GetProperty("sessionId").GetString() == sessionId, "offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == sessionId && f.GetProperty("status").GetString() == "assigned", "assigned");
        return sessionId;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Mine);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
