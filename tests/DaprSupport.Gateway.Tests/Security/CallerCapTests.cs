using System.Net;
using System.Net.Http.Headers;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Caps per caller through the real gateway (issue 11 item 2, docs/protocol.md "Limits"): one principal's sockets and
/// long-poll cursors together are capped — the next socket closes 4429, the next cursor is 409 resource_exhausted —
/// and cursor creation is rate limited (429 rate_limited with Retry-After and retryAfterMs); other principals are not
/// affected, and a closed connection (a socket, or a cursor its client closed) gives its slot back.
/// </summary>
public sealed class CallerCapTests(CappedGatewaySystem system) : IClassFixture<CappedGatewaySystem>
{
    [Fact]
    public async Task The_socket_over_a_principals_cap_closes_4429_and_others_still_connect()
    {
        var (_, token) = system.Visitor();
        await using var first = await ConnectedAsync(token);
        await using var second = await ConnectedAsync(token);

        await using var third = await SocketClient.ConnectAsync(system.GatewayWs, token);

        Assert.Equal(CloseCodes.TooManyConnections, await third.WaitForCloseAsync());
        Assert.StartsWith("resource_exhausted", third.Socket.CloseStatusDescription, StringComparison.Ordinal);
        await using var other = await ConnectedAsync(system.Visitor().Token);
    }

    [Fact]
    public async Task A_closed_socket_gives_its_slot_back()
    {
        var (_, token) = system.Visitor();
        await using var first = await ConnectedAsync(token);
        var second = await ConnectedAsync(token);
        await second.DisposeAsync();

        // The server frees the slot once it has seen the close; a new socket then gets in.
        await using var again = await EventuallyConnectedAsync(token);
    }

    [Fact]
    public async Task Sockets_and_cursors_share_the_cap()
    {
        var (_, token) = system.Visitor();
        await using var socket = await ConnectedAsync(token);
        var poll = new LongPollClient(system.CreateHttpClient, token);
        await poll.PollAsync(null, 0);

        using var refused = await PollRawAsync(token, null);

        await Problem.AssertAsync(refused, HttpStatusCode.Conflict, ErrorCodes.ResourceExhausted);
        await using var third = await SocketClient.ConnectAsync(system.GatewayWs, token);
        Assert.Equal(CloseCodes.TooManyConnections, await third.WaitForCloseAsync());
    }

    [Fact]
    public async Task Cursor_opens_beyond_the_rate_are_rate_limited_with_retry_after_and_reusing_a_cursor_is_free()
    {
        var (_, token) = system.Visitor();
        var poll = new LongPollClient(system.CreateHttpClient, token);
        var cursor = (await poll.PollAsync(null, 0)).Cursor;

        // Reusing a cursor opens nothing.
        for (var i = 0; i < CappedGatewaySystem.CursorOpenBurst + 2; i++)
        {
            cursor = (await poll.PollAsync(cursor, 0)).Cursor;
        }

        // Two more opens: the second of them is over the cap (2 connections), the third open over the rate.
        await poll.PollAsync(null, 0);
        using (var capped = await PollRawAsync(token, null))
        {
            await Problem.AssertAsync(capped, HttpStatusCode.Conflict, ErrorCodes.ResourceExhausted);
        }

        using var limited = await PollRawAsync(token, null);
        var problem = await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.True(problem.GetProperty("retryAfterMs").GetInt64() > 0);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");

        // Another principal opens cursors as usual.
        await new LongPollClient(system.CreateHttpClient, system.Visitor().Token).PollAsync(null, 0);
    }

    [Fact]
    public async Task A_cursor_its_client_closes_gives_its_slot_back_at_once_and_nobody_else_can_close_it()
    {
        var (_, token) = system.Visitor();
        var poll = new LongPollClient(system.CreateHttpClient, token);
        var first = (await poll.PollAsync(null, 0)).Cursor;
        var second = (await poll.PollAsync(null, 0)).Cursor;
        await using (var full = await SocketClient.ConnectAsync(system.GatewayWs, token))
        {
            Assert.Equal(CloseCodes.TooManyConnections, await full.WaitForCloseAsync());
        }

        // Another user (of the same tenant and role) cannot close it: 404, and the cursor still works.
        using (var foreign = await new LongPollClient(system.CreateHttpClient, system.Visitor().Token).CloseAsync(first))
        {
            await Problem.AssertAsync(foreign, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        Assert.False((await poll.PollAsync(first, 0)).Reset);
        using (var closed = await poll.CloseAsync(first))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        // Its slot is free when the answer comes (not after the 90 s idle), and the cursor is gone.
        await using var socket = await ConnectedAsync(token);
        Assert.True((await poll.PollAsync(second, 0)).Cursor is { } kept && kept.StartsWith(second.Split('.')[0], StringComparison.Ordinal));
        using (var again = await poll.CloseAsync(first))
        {
            await Problem.AssertAsync(again, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        using var garbage = await poll.CloseAsync("not-a-cursor");
        await Problem.AssertAsync(garbage, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    private async Task<SocketClient> ConnectedAsync(string token)
    {
        var client = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await client.SendAsync(new { type = "ping" });
        await client.WaitForTypeAsync("pong");
        return client;
    }

    /// <summary>Connects until the gateway admits the socket (a freed slot is given back when the server sees the close).</summary>
    private async Task<SocketClient> EventuallyConnectedAsync(string token)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await SocketClient.ConnectAsync(system.GatewayWs, token);
            await client.SendAsync(new { type = "ping" });
            try
            {
                await client.WaitForTypeAsync("pong");
                return client;
            }
            catch (InvalidOperationException) when (attempt < 50 && client.Socket.CloseStatus == (System.Net.WebSockets.WebSocketCloseStatus)CloseCodes.TooManyConnections)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<HttpResponseMessage> PollRawAsync(string token, string? cursor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/poll?cursor={cursor}&waitSeconds=0", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var client = system.CreateHttpClient();
        return await client.SendAsync(request);
    }
}
