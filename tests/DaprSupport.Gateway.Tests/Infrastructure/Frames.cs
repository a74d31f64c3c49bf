using System.Text.Json;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>Frame predicates and protocol steps the WebSocket tests share (import with <c>using static</c>).</summary>
public static class Frames
{
    /// <summary>A visitor's <c>start</c>; returns the new session's id once the start is acked.</summary>
    public static async Task<string> StartAsync(SocketClient visitor, string? skill = null)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var clientMsgId = "start-" + Guid.NewGuid().ToString("N")[..8];
        await visitor.SendAsync(new { type = "start", clientMsgId, skill = skill ?? TestUsers.NewSkill(), text = "Hello" });
        var ack = await visitor.WaitForAsync(f => IsAck(f, clientMsgId), "start ack");
        return ack.GetProperty("sessionId").GetString()!;
    }

    /// <summary>An agent socket whose presence is online (the pong proves the presence frame was handled).</summary>
    public static async Task<SocketClient> OnlineAgentAsync(GatewaySystem system, string token)
    {
        ArgumentNullException.ThrowIfNull(system);
        var agent = await SocketClient.ConnectAsync(system.GatewayWs, token);
        await agent.SendAsync(new { type = "presence", status = "online" });
        await agent.SendAsync(new { type = "ping" });
        await agent.WaitForTypeAsync("pong");
        return agent;
    }

    public static bool IsAck(JsonElement f, string clientMsgId) =>
        SocketClient.Type(f) == "ack" && f.GetProperty("clientMsgId").GetString() == clientMsgId;

    /// <summary>An item of the session with this seq (any seq when <paramref name="seq"/> is negative).</summary>
    public static bool IsItem(JsonElement f, string sessionId, long seq) =>
        SocketClient.Type(f) == "item" && f.GetProperty("sessionId").GetString() == sessionId && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);

    public static bool IsSession(JsonElement f, string sessionId) =>
        SocketClient.Type(f) == "session" && f.GetProperty("sessionId").GetString() == sessionId;

    public static bool IsSession(JsonElement f, string sessionId, string status) =>
        IsSession(f, sessionId) && f.GetProperty("status").GetString() == status;

    public static string? Status(JsonElement f) => f.GetProperty("status").GetString();

    /// <summary>A session frame's queue position; null when it has none.</summary>
    public static int? Position(JsonElement f) => f.TryGetProperty("position", out var p) ? p.GetInt32() : null;

    /// <summary>A read receipt of the session by a participant of this role at this seq (any seq when negative).</summary>
    public static bool IsRead(JsonElement f, string sessionId, string role, long seq) =>
        SocketClient.Type(f) == "read" && f.GetProperty("sessionId").GetString() == sessionId
        && f.GetProperty("by").GetProperty("role").GetString() == role && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);
}
