namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Published on <see cref="Topics.SessionLifecycle"/> (partition key = session id) after every status change.
/// <see cref="EndedOffers"/>: the agents whose offer of the session this change ended without their accept.
/// </summary>
public sealed record SessionChanged(
    SessionSnapshot Session, string Change, DateTimeOffset At, IReadOnlyList<EndedOffer>? EndedOffers = null);
