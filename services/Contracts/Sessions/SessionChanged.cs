namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Published on <see cref="Topics.SessionLifecycle"/> (partition key = session id) after every status change.
/// </summary>
public sealed record SessionChanged(SessionSnapshot Session, string Change, DateTimeOffset At);
