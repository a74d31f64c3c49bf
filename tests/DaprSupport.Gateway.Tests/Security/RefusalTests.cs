using System.Text.Json;
using DaprSupport.Gateway.Tests.Infrastructure;

namespace DaprSupport.Gateway.Tests.Security;

/// <summary>
/// Every refusal tells the client what to do (issue 11 item 5, docs/protocol.md "Error codes"): a rate_limited error
/// names the dropped frame's <c>clientMsgId</c> and a <c>retryAfterMs</c>, alike on the WebSocket and over long-poll.
/// </summary>
public sealed class RefusalTests(GatewaySystem system) : IClassFixture<GatewaySystem>
{
    // Burst 50 in the test system: 120 frames at once overflow it.
    private const int Flood = 120;

    [Fact]
    public async Task A_rate_limited_send_on_the_websocket_names_its_clientMsgId_and_when_to_resend()
    {
        await using var client = await SocketClient.ConnectAsync(system.GatewayWs, system.Visitor().Token);
        for (var i = 0; i < Flood; i++)
        {
            await client.SendAsync(Send(i));
        }

        var error = await client.WaitForAsync(IsRateLimited, "rate_limited error");

        AssertTellsWhatToDo(error);

        // Every frame gets exactly one answer: the dropped one only its rate_limited error, never an ack or another.
        var dropped = ClientMsgId(error);
        foreach (var id in Enumerable.Range(0, Flood).Select(i => $"rl-{i}").Where(id => id != dropped))
        {
            await client.WaitForAsync(f => ClientMsgId(f) == id, "the answer to " + id);
        }

        Assert.Single(client.Received, f => ClientMsgId(f) == dropped);
    }

    [Fact]
    public async Task A_rate_limited_send_over_long_poll_is_answered_alike()
    {
        var poll = new LongPollClient(system.CreateHttpClient, system.Visitor().Token);
        var cursor = (await poll.PollAsync(null, 0)).Cursor;

        var answers = await Task.WhenAll(Enumerable.Range(0, Flood).Select(i => poll.SendAsync(cursor, Send(i))));

        var error = answers.SelectMany(a => a.Frames).First(IsRateLimited);
        AssertTellsWhatToDo(error);
    }

    private static object Send(int i) => new { type = "send", clientMsgId = $"rl-{i}", sessionId = "s-unknown", text = "hi" };

    private static string? ClientMsgId(JsonElement f) =>
        f.TryGetProperty("clientMsgId", out var id) ? id.GetString() : null;

    private static bool IsRateLimited(JsonElement f) =>
        SocketClient.Type(f) == "error" && f.GetProperty("code").GetString() == ErrorCodes.RateLimited;

    private static void AssertTellsWhatToDo(JsonElement error)
    {
        Assert.Matches("^rl-[0-9]+$", error.GetProperty("clientMsgId").GetString());
        Assert.InRange(error.GetProperty("retryAfterMs").GetInt64(), 1, 60_000);
    }
}
