using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Auth;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static DaprSupport.Gateway.Tests.Infrastructure.Frames;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Issue 11 items 3 and 6 through the real gateway, sessions and agents: a verified visitor is the same principal on
/// every device, nobody else can claim it; staff see a visitor's handle, never its id or token (security review M1);
/// an open socket is closed when its token expires (4401) or the tenant blocks the user (4403).
/// </summary>
public sealed class VisitorIdentityAndPrivacyTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Fact]
    public async Task Two_devices_with_the_same_verified_identity_share_sessions_and_timeline_and_nobody_else_sees_them()
    {
        var userId = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var laptop = await VerifiedTokenAsync(userId, TestTenants.AcmeOrigin);
        var phone = await VerifiedTokenAsync(userId, origin: null);
        await using var first = await SocketClient.ConnectAsync(system.GatewayWs, laptop);
        var sessionId = await StartAsync(first);
        await first.WaitForAsync(f => IsItem(f, sessionId, 2), "queued event");

        await using var second = await SocketClient.ConnectAsync(system.GatewayWs, phone);
        await second.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        await second.WaitForAsync(f => IsItem(f, sessionId, 2), "the timeline on the second device");
        using var timeline = await ReadTimelineAsync(sessionId, phone);

        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        Assert.Equal([1L, 2L], (await timeline.Content.ReadFromJsonAsync<JsonElement[]>())!.Select(i => i.GetProperty("seq").GetInt64()));
        Assert.Equal("u_" + userId, second.Received.First(f => IsItem(f, sessionId, 1)).GetProperty("from").GetProperty("id").GetString());

        var (_, anonymous) = system.Visitor();
        await using var stranger = await SocketClient.ConnectAsync(system.GatewayWs, anonymous);
        await stranger.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        var refused = await stranger.WaitForTypeAsync("error");
        using var strangerRead = await ReadTimelineAsync(sessionId, anonymous);

        Assert.Equal("not_found", refused.GetProperty("code").GetString());
        await Problem.AssertAsync(strangerRead, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Staff_frames_and_timeline_reads_never_carry_the_visitors_id_or_token()
    {
        var skill = TestUsers.NewSkill();
        var (_, agentToken) = system.Agent(skill);
        var (_, supervisorToken) = system.Agent(skill, role: "supervisor");
        await using var agent = await OnlineAgentAsync(system, agentToken);
        var (visitorId, visitorToken) = await AnonymousVisitorAsync();
        await using var visitor = await SocketClient.ConnectAsync(system.GatewayWs, visitorToken);
        var sessionId = await StartAsync(visitor, skill);
        await ProtocolFrames.AcceptAsync(agent, sessionId);
        var seq = await ProtocolFrames.SendTextAsync(visitor, sessionId, "my order is late");
        await visitor.SendAsync(new { type = "read", sessionId, seq });
        await agent.WaitForAsync(f => IsItem(f, sessionId, seq), "the visitor's text");
        await agent.WaitForAsync(f => IsRead(f, sessionId, "visitor", seq), "the visitor's read mark");
        await using var supervisor = await SocketClient.ConnectAsync(system.GatewayWs, supervisorToken);
        await supervisor.SendAsync(new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
        await supervisor.WaitForAsync(f => IsItem(f, sessionId, seq), "the visitor's text (supervisor)");
        using var read = await ReadTimelineAsync(sessionId, agentToken);
        var handle = VisitorHandles.Of(TestTenants.Acme, visitorId);

        var offer = agent.Received.First(f => ProtocolFrames.IsOffer(f, sessionId));
        Assert.Equal(handle, offer.GetProperty("visitor").GetProperty("id").GetString());
        Assert.Equal(handle, agent.Received.First(f => IsItem(f, sessionId, seq)).GetProperty("from").GetProperty("id").GetString());
        var staffSaw = agent.Received.Concat(supervisor.Received).Select(f => f.GetRawText()).Append(await read.Content.ReadAsStringAsync()).ToList();
        Assert.Contains(staffSaw, f => f.Contains(handle, StringComparison.Ordinal));
        Assert.DoesNotContain(staffSaw, f => f.Contains(visitorId, StringComparison.Ordinal) || f.Contains(visitorToken, StringComparison.Ordinal));
        var own = await visitor.WaitForAsync(f => IsItem(f, sessionId, seq), "the visitor's own item");
        Assert.Equal(visitorId, own.GetProperty("from").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_open_socket_is_closed_4401_when_its_token_expires()
    {
        var lifetime = system.GatewayServices.GetRequiredService<SupportTokens>().LifetimeFor("visitor");
        var expiring = new SupportTokens(Microsoft.Extensions.Options.Options.Create(TestTenants.TokenOptions()), new ShiftedTime(TimeSpan.FromSeconds(2) - lifetime))
            .Issue(new SupportPrincipal(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null));
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, expiring.Token);
        await client.SendAsync(new { type = "ping" });
        await client.WaitForTypeAsync("pong");

        Assert.Equal(4401, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task An_open_socket_is_closed_4403_when_the_tenant_blocks_the_user()
    {
        var (visitorId, token) = system.Visitor();
        var (_, bystanderToken) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await using var bystander = await SocketClient.ConnectAsync(system.GatewayWs, bystanderToken);
        await client.SendAsync(new { type = "ping" });
        await client.WaitForTypeAsync("pong");

        var configuration = (IConfigurationRoot)system.GatewayServices.GetRequiredService<IConfiguration>();
        configuration[$"Tenants:{TestTenants.Acme}:BlockedUsers:{Guid.NewGuid():N}"] = visitorId;
        configuration.Reload();

        Assert.Equal(4403, await client.WaitForCloseAsync());
        await bystander.SendAsync(new { type = "ping" });
        await bystander.WaitForTypeAsync("pong");
    }

    private async Task<string> VerifiedTokenAsync(string userId, string? origin)
    {
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/auth/visitor", UriKind.Relative))
        {
            Content = JsonContent.Create(new VisitorTokenRequest(TestTenants.Acme, null, null, UserId: userId, UserHash: VisitorIdentityTests.UserHash(userId))),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<VisitorTokenResponse>())!.Token;
    }

    private async Task<(string VisitorId, string Token)> AnonymousVisitorAsync()
    {
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/auth/visitor", UriKind.Relative))
        {
            Content = JsonContent.Create(new VisitorTokenRequest(TestTenants.Acme, null, "Vera")),
        };
        request.Headers.Add("Origin", TestTenants.AcmeOrigin);
        using var response = await http.SendAsync(request);
        var body = (await response.Content.ReadFromJsonAsync<VisitorTokenResponse>())!;
        return (body.VisitorId, body.Token);
    }

    private async Task<HttpResponseMessage> ReadTimelineAsync(string sessionId, string token)
    {
        using var http = system.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/sessions/{sessionId}/timeline?afterSeq=0", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
