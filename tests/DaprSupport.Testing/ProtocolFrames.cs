using System.Text.Json;

namespace DaprSupport.Testing;

/// <summary>
/// Frame predicates and protocol steps of docs/protocol.md over a <see cref="SocketClient"/>, shared by every test
/// project that drives the gateway (import with <c>using static</c>).
/// </summary>
public static class ProtocolFrames
{
    /// <summary>An agent socket whose presence is online (the pong proves the presence frame was handled).</summary>
    public static async Task<SocketClient> OnlineAgentAsync(Uri gatewayWs, string token)
    {
        var agent = await SocketClient.ConnectAsync(gatewayWs, token);
        await agent.SendAsync(new { type = "presence", status = "online" });
        await agent.SendAsync(new { type = "ping" });
        await agent.WaitForTypeAsync("pong");
        return agent;
    }

    /// <summary>A visitor's <c>start</c>; returns the new session's id once the start is acked.</summary>
    public static async Task<string> StartAsync(SocketClient visitor, string skill)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var clientMsgId = "start-" + Guid.NewGuid().ToString("N")[..8];
        await visitor.SendAsync(new { type = "start", clientMsgId, skill, text = "Hello" });
        var ack = await visitor.WaitForAsync(f => IsAck(f, clientMsgId), "start ack");
        return ack.GetProperty("sessionId").GetString()!;
    }

    /// <summary>Waits for the offer of the session, accepts it and waits until the agent sees it assigned.</summary>
    public static async Task AcceptAsync(SocketClient agent, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(agent);
        await agent.WaitForAsync(f => IsOffer(f, sessionId), "offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned");
    }

    /// <summary>A <c>send</c>; returns the seq of its ack.</summary>
    public static async Task<long> SendTextAsync(SocketClient client, string sessionId, string text)
    {
        ArgumentNullException.ThrowIfNull(client);
        var clientMsgId = "m-" + Guid.NewGuid().ToString("N")[..8];
        await client.SendAsync(new { type = "send", clientMsgId, sessionId, text });
        return (await client.WaitForAsync(f => IsAck(f, clientMsgId), "ack")).GetProperty("seq").GetInt64();
    }

    public static bool IsAck(JsonElement f, string clientMsgId) =>
        SocketClient.Type(f) == "ack" && f.GetProperty("clientMsgId").GetString() == clientMsgId;

    public static bool IsOffer(JsonElement f, string sessionId) =>
        SocketClient.Type(f) == "offer" && f.GetProperty("sessionId").GetString() == sessionId;

    /// <summary>An item of the session with this seq (any seq when <paramref name="seq"/> is negative).</summary>
    public static bool IsItem(JsonElement f, string sessionId, long seq = -1) =>
        SocketClient.Type(f) == "item" && f.GetProperty("sessionId").GetString() == sessionId
        && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);

    public static bool IsSession(JsonElement f, string sessionId) =>
        SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == sessionId;

    public static bool IsSession(JsonElement f, string sessionId, string status) =>
        IsSession(f, sessionId) && f.GetProperty("status").GetString() == status;

    /// <summary>An item's text; null for events.</summary>
    public static string? Text(JsonElement f) => f.TryGetProperty("text", out var t) ? t.GetString() : null;

    /// <summary>An item's event name; null for text items.</summary>
    public static string? Event(JsonElement f) => f.TryGetProperty("event", out var e) ? e.GetString() : null;
}
