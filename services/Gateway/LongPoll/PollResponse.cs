using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.LongPoll;

/// <summary>The body of <c>GET /v1/poll</c> and <c>POST /v1/send</c>: frames exactly as the WebSocket would send them, and the cursor to use next.</summary>
public sealed record PollResponse(IReadOnlyList<object> Frames, string Cursor);
