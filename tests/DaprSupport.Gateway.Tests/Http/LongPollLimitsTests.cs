using System.Net;
using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Gateway.Tests.Http;

/// <summary>
/// docs/protocol.md "Long-poll fallback" and "Limits": long-poll conversations count against the replica's connection
/// limit like WebSockets, and one that falls too far behind is reset — the client resumes and loses nothing.
/// </summary>
public sealed class LongPollLimitsTests(SmallQueueGatewaySystem system) : IClassFixture<SmallQueueGatewaySystem>
{
    [Fact]
    public async Task A_long_poll_conversation_takes_a_connection_slot_and_a_full_replica_answers_503()
    {
        using var factory = new InMemoryGatewayFactory().WithWebHostBuilder(b => b.UseSetting("Gateway:MaxConnections", "1"));
        var tokens = factory.Services.GetRequiredService<SupportTokens>();
        var first = new LongPollClient(factory.CreateClient, tokens.Issue(new SupportPrincipal(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null)).Token);
        var second = new LongPollClient(factory.CreateClient, tokens.Issue(new SupportPrincipal(TestTenants.Acme, "v_" + Guid.NewGuid().ToString("N"), "visitor", null, [], null)).Token);

        var opened = await first.SendAsync(null, new { type = "ping" });
        var again = await first.SendAsync(opened.Cursor, new { type = "ping" });
        using var refused = await second.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/send", UriKind.Relative)) { Content = JsonContent(new { type = "ping" }) });
        var upgrade = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(factory.Server.BaseAddress, "/v1/ws"), CancellationToken.None));

        Assert.Equal("pong", opened.Frames.Single().GetProperty("type").GetString());
        Assert.Equal("pong", again.Frames.Single().GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("5", refused.Headers.RetryAfter?.ToString());
        await Problem.AssertAsync(refused, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Contains("503", upgrade.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_stops_polling_is_reset_and_resuming_gets_every_item_once_in_order()
    {
        var (_, token) = system.Visitor();
        var client = new LongPollClient(system.CreateHttpClient, token);
        var started = await client.SendAsync(null, new { type = "start", clientMsgId = "bp-start", skill = TestUsers.NewSkill(), text = "hello" });
        var sessionId = started.Frames.Single(f => f.GetProperty("type").GetString() == "ack").GetProperty("sessionId").GetString()!;
        const int Messages = 4 * SmallQueueGatewaySystem.MaxPendingFrames;
        var cursor = started.Cursor;
        var lastSeq = 2 + Messages;
        Task<(IReadOnlyList<JsonElement> Frames, string Cursor)>? poller = null;

        // Far more items than the gateway may hold for a client that does not poll.
        for (var i = 0; i < Messages; i++)
        {
            var frame = new { type = "send", clientMsgId = $"bp-{i}", sessionId, text = $"message {i}" };
            var answer = await client.SendAsync(cursor, frame);
            if (answer.Reset)
            {
                // The frame was not handled. Like a real client: poll the new cursor from now on, resume from what
                // was seen (nothing), then resend the frame.
                Assert.Null(poller);
                poller = client.PollUntilAsync(answer.Cursor, all => all.Any(f => IsItem(f, sessionId) && f.GetProperty("seq").GetInt64() == lastSeq));
                var resumed = await client.SendAsync(answer.Cursor, new { type = "hello", resume = new Dictionary<string, long> { [sessionId] = 0 } });
                answer = await client.SendAsync(resumed.Cursor, frame);
            }

            Assert.False(answer.Reset);
            Assert.Contains(answer.Frames, f => f.GetProperty("type").GetString() == "ack");
            cursor = answer.Cursor;
        }

        Assert.NotNull(poller);
        var (frames, _) = await poller;
        var seqs = frames.Where(f => IsItem(f, sessionId)).Select(f => f.GetProperty("seq").GetInt64()).ToList();

        Assert.Equal(Enumerable.Range(1, lastSeq).Select(i => (long)i), seqs);
    }

    private static bool IsItem(JsonElement f, string sessionId) =>
        f.GetProperty("type").GetString() == "item" && f.GetProperty("sessionId").GetString() == sessionId;

    private static StringContent JsonContent(object frame) => new(JsonSerializer.Serialize(frame), System.Text.Encoding.UTF8, "application/json");
}
