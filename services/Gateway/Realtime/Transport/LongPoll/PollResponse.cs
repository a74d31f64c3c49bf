using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Realtime.Transport.LongPoll;

/// <summary>
/// The body of <c>GET /v1/poll</c> and <c>POST /v1/send</c>: frames exactly as the WebSocket would send them, the
/// cursor
/// to use next, and <c>reset: true</c> when the cursor given was no longer usable (a new conversation was opened: send
/// <c>hello.resume</c> to get back what you have not seen).
/// </summary>
public sealed record PollResponse(IReadOnlyList<object> Frames, string Cursor, bool? Reset = null);
