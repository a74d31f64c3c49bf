using System.Diagnostics;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// What a conversation's pump handles, one at a time. The hierarchy is closed (the constructor is private to this
/// assembly's types below), so the pump's switch names every case.
/// </summary>
internal abstract record ConversationInput
{
    private protected ConversationInput()
    {
    }
}

/// <summary>A client frame whose answers go out with the pushed frames (WebSocket).</summary>
internal sealed record Command(ClientFrame Frame) : ConversationInput;

/// <summary>
/// A client frame whose direct answers (ack, error, pong, session, read) are collected and returned to the request
/// that carried it (long-poll send); items and offers still go out with the pushed frames.
/// </summary>
internal sealed record Exchange(ClientFrame Frame) : ConversationInput, IFrameSink
{
    public List<ServerFrame> Replies { get; } = [];

    public TaskCompletionSource<IReadOnlyList<ServerFrame>> Done { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Emit(ServerFrame frame) => Replies.Add(frame);
}

/// <summary>
/// Something this replica's fanout handed to the conversation (an item, a change, a read, a position), with the span
/// of the delivery that brought it (the push span is its child).
/// </summary>
internal sealed record Pushed(ReplicaEvent Event, ActivityContext Delivery) : ConversationInput;

/// <summary>Send the offers already pending for this agent (those made while it was not connected here).</summary>
internal sealed record PendingOffers : ConversationInput
{
    public static readonly PendingOffers Instance = new();
}

/// <summary>
/// Ask the sessions service again for the agent's last presence, which it could not take (the heartbeat's turn).
/// </summary>
internal sealed record RetryPresence : ConversationInput
{
    public static readonly RetryPresence Instance = new();
}
