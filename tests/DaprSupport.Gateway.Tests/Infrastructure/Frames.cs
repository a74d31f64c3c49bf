using System.Text.Json;

namespace DaprSupport.Gateway.Tests.Infrastructure;

/// <summary>
/// Frame predicates and protocol steps the WebSocket tests share (import with <c>using static</c>): the shared
/// <see cref="ProtocolFrames"/>, with the gateway test system's defaults (a fresh skill per start).
/// </summary>
public static class Frames
{
    /// <summary>A visitor's <c>start</c>; returns the new session's id once the start is acked.</summary>
    public static Task<string> StartAsync(SocketClient visitor, string? skill = null) =>
        ProtocolFrames.StartAsync(visitor, skill ?? TestUsers.NewSkill());

    /// <summary>An agent socket whose presence is online (the pong proves the presence frame was handled).</summary>
    public static Task<SocketClient> OnlineAgentAsync(GatewaySystem system, string token)
    {
        ArgumentNullException.ThrowIfNull(system);
        return ProtocolFrames.OnlineAgentAsync(system.GatewayWs, token);
    }

    /// <summary>
    /// A session the visitor started (with <paramref name="start"/>'s extra fields, if any) and the online agent
    /// accepted; returns its id once the agent sees it assigned.
    /// </summary>
    public static async Task<string> AssignedAsync(
        SocketClient visitor, SocketClient agent, string skill, object? context = null)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        ArgumentNullException.ThrowIfNull(agent);
        var clientMsgId = Guid.NewGuid().ToString("N");
        await visitor.SendAsync(context is null
            ? new { type = "start", clientMsgId, skill, text = "Hello?" }
            : (object)new { type = "start", clientMsgId, skill, text = "Hello?", context });
        var sessionId = (await visitor.WaitForAsync(f => IsAck(f, clientMsgId), "start ack")).GetProperty("sessionId").GetString()!;
        await agent.WaitForAsync(f => SocketClient.Type(f) == "offer" && f.GetProperty("sessionId").GetString() == sessionId, "offer");
        await agent.SendAsync(new { type = "accept", sessionId });
        await agent.WaitForAsync(f => IsSession(f, sessionId, "assigned"), "assigned");
        return sessionId;
    }

    /// <summary>Waits until the socket answered a ping: every frame and push queued before it has been handled.</summary>
    public static async Task SettledAsync(SocketClient socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await socket.SendAsync(new { type = "ping" });
        await socket.WaitForTypeAsync("pong");
    }

    /// <summary>A relayed typing signal of the session by a participant of this role.</summary>
    public static bool IsTyping(JsonElement f, string sessionId, string role) =>
        SocketClient.Type(f) == "typing" && f.GetProperty("sessionId").GetString() == sessionId
        && f.GetProperty("by").GetProperty("role").GetString() == role;

    public static bool IsAck(JsonElement f, string clientMsgId) => ProtocolFrames.IsAck(f, clientMsgId);

    /// <summary>An item of the session with this seq (any seq when <paramref name="seq"/> is negative).</summary>
    public static bool IsItem(JsonElement f, string sessionId, long seq) => ProtocolFrames.IsItem(f, sessionId, seq);

    public static bool IsSession(JsonElement f, string sessionId) => ProtocolFrames.IsSession(f, sessionId);

    public static bool IsSession(JsonElement f, string sessionId, string status) =>
        ProtocolFrames.IsSession(f, sessionId, status);

    public static string? Status(JsonElement f) => f.GetProperty("status").GetString();

    /// <summary>A session frame's queue position; null when it has none.</summary>
    public static int? Position(JsonElement f) => f.TryGetProperty("position", out var p) ? p.GetInt32() : null;

    /// <summary>A read receipt of the session by a participant of this role at this seq (any seq when negative).</summary>
    public static bool IsRead(JsonElement f, string sessionId, string role, long seq) =>
        SocketClient.Type(f) == "read" && f.GetProperty("sessionId").GetString() == sessionId
        && f.GetProperty("by").GetProperty("role").GetString() == role && (seq < 0 || f.GetProperty("seq").GetInt64() == seq);
}
