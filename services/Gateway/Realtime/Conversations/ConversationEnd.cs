using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Why a conversation ends, as the WebSocket close that follows the frames queued before the end was decided
/// (<see cref="Conversation.End"/>; docs/protocol.md, close codes).
/// </summary>
public sealed record ConversationEnd(int Code, string Reason)
{
    /// <summary>The client fell <see cref="GatewayOptions.MaxPendingFrames"/> frames behind.</summary>
    public static readonly ConversationEnd Overrun = new(CloseCodes.Overrun, "overrun: reconnect and resume");

    /// <summary>This replica is shutting down: the frames read before the drain were answered.</summary>
    public static readonly ConversationEnd Restart =
        new(CloseCodes.ServiceRestart, "service restart: reconnect and resume");

    /// <summary>The connection's token expired while it was open.</summary>
    public static readonly ConversationEnd TokenExpired =
        new(CloseCodes.Unauthorized, "token expired: renew it and reconnect");

    /// <summary>The tenant blocked the user, its address or itself while the connection was open.</summary>
    public static readonly ConversationEnd Blocked = new(CloseCodes.Blocked, "blocked");
}
