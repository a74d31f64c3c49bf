using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// A participant is typing in a session (<see cref="Topics.SessionTyping"/>, partition key = session id): relayed to
/// the session's other followers, never stored.
/// </summary>
public sealed record SessionTyping(string Tenant, string SessionId, Participant By, DateTimeOffset At);
