using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Gateway.Protocol;

/// <summary>A frame a client sent, parsed (docs/protocol.md "Client → server").</summary>
public abstract record ClientFrame;

/// <summary>Resume: for each session, the last seq the client has; the server replays everything after it.</summary>
public sealed record HelloFrame(IReadOnlyDictionary<string, long>? Resume) : ClientFrame;

/// <summary>A visitor opens a session; <see cref="Context"/> (optional) is shown to staff as visitor details.</summary>
public sealed record StartFrame(
    string? ClientMsgId, string? Skill, int? Priority, string? Text, VisitorContext? Context = null) : ClientFrame;

public sealed record SendFrame(string? ClientMsgId, string? SessionId, string? Text) : ClientFrame;

/// <summary>A read receipt: the client has shown the session's items up to seq.</summary>
public sealed record ReadFrame(string? SessionId, long? Seq) : ClientFrame;

public sealed record PresenceFrame(string? Status) : ClientFrame;

public sealed record AcceptFrame(string? SessionId) : ClientFrame;

/// <summary>An agent declines the session offered to it.</summary>
public sealed record DeclineFrame(string? SessionId) : ClientFrame;

public sealed record TransferFrame(string? SessionId, string? ToAgentId, string? ToSkill) : ClientFrame;

public sealed record ResolveFrame(string? SessionId) : ClientFrame;

public sealed record PingFrame : ClientFrame;

/// <summary>The sender is typing in the session: relayed to its other followers, never stored.</summary>
public sealed record TypingFrame(string? SessionId) : ClientFrame;

/// <summary>A staff-only note in the session's timeline (kind <c>note</c>), acked like a send.</summary>
public sealed record NoteFrame(string? ClientMsgId, string? SessionId, string? Text) : ClientFrame;
