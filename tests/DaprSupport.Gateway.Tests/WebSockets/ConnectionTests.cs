using DaprSupport.Gateway;
using System.Net.WebSockets;
using System.Text;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Hosting;

namespace DaprSupport.Gateway.Tests.WebSockets;

/// <summary>
/// The WebSocket connection rules of docs/protocol.md ("Connecting", "Close codes", "Limits"): token in the query or
/// header, 4401/4403 closes, bad and oversize frames answered without closing, rate limits, permessage-deflate.
/// </summary>
public sealed class ConnectionTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Missing_or_invalid_token_closes_with_4401(string? token)
    {
        var counted = GatewayMetrics.Closes.WithLabels("4401").Value;
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        Assert.Equal(4401, await client.WaitForCloseAsync());
        Assert.True(GatewayMetrics.Closes.WithLabels("4401").Value > counted, "support_gateway_closes_total{code=\"4401\"} did not move");
    }

    [Fact]
    public async Task Expired_token_closes_with_4401()
    {
        var expired = new SupportTokens(Microsoft.Extensions.Options.Options.Create(TestTenants.TokenOptions()), new ShiftedTime(-TimeSpan.FromDays(2)))
            .Issue(new SupportPrincipal(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null));
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, expired.Token);

        Assert.Equal(4401, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Blocked_user_with_a_still_valid_token_closes_with_4403()
    {
        var token = TestUsers.Issue(system, new SupportPrincipal(TestTenants.Acme, TestTenants.BlockedAgent, "agent", null, ["general"], 1));
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        Assert.Equal(4403, await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task Bearer_header_is_accepted_and_ping_answers_pong()
    {
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, null, o => o.SetRequestHeader("Authorization", "Bearer " + token));

        await client.SendAsync(new { type = "ping" });

        await client.WaitForTypeAsync("pong");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"teleport\"}")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":\"send\",\"sessionId\":42}")]
    [InlineData("{\"type\":\"\\ud800\"}")]
    public async Task Bad_frame_is_answered_and_the_connection_stays_usable(string text)
    {
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await client.SendTextAsync(text);
        var error = await client.WaitForTypeAsync("error");
        await client.SendAsync(new { type = "ping" });

        Assert.Equal("bad_frame", error.GetProperty("code").GetString());
        await client.WaitForTypeAsync("pong");
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Fact]
    public async Task Frame_over_16_KiB_is_too_large_and_the_connection_stays_usable()
    {
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await client.SendTextAsync("{\"type\":\"ping\",\"pad\":\"" + new string('x', 16 * 1024) + "\"}");
        var error = await client.WaitForTypeAsync("error");
        await client.SendTextAsync("{\"type\":\"ping\",\"pad\":\"" + new string('x', 16 * 1024 - 40) + "\"}");

        Assert.Equal("too_large", error.GetProperty("code").GetString());
        await client.WaitForTypeAsync("pong");
    }

    [Fact]
    public async Task Binary_frame_is_a_bad_frame()
    {
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        await client.Socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\"}"), WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal("bad_frame", (await client.WaitForTypeAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Frames_beyond_the_connection_rate_are_rate_limited()
    {
        var counted = GatewayMetrics.RateLimitedFrames.Value;
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token);

        // Burst 50 in the test system: 120 frames at once must overflow it.
        for (var i = 0; i < 120; i++)
        {
            await client.SendAsync(new { type = "ping" });
        }

        var error = await client.WaitForTypeAsync("error");
        Assert.Equal("rate_limited", error.GetProperty("code").GetString());
        Assert.Equal(WebSocketState.Open, client.Socket.State);
        Assert.True(GatewayMetrics.RateLimitedFrames.Value > counted, "support_gateway_rate_limited_total did not move");
    }

    [Fact]
    public async Task Permessage_deflate_is_negotiated_when_offered()
    {
        var (_, token) = system.Visitor();
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, token, o =>
        {
            o.DangerousDeflateOptions = new WebSocketDeflateOptions();
            o.CollectHttpResponseDetails = true;
        });

        await client.SendAsync(new { type = "ping" });

        Assert.Contains("permessage-deflate", client.Socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"].Single(), StringComparison.Ordinal);
        await client.WaitForTypeAsync("pong");
    }

    [Fact]
    public async Task Over_the_connection_limit_the_upgrade_is_503_with_Retry_After()
    {
        using var factory = new InMemoryGatewayFactory().WithWebHostBuilder(b => b.UseSetting("Gateway:MaxConnections", "0"));
        var client = factory.Server.CreateWebSocketClient();

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => client.ConnectAsync(new Uri(factory.Server.BaseAddress, "/v1/ws"), CancellationToken.None));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }
}
