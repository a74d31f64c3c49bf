namespace DaprSupport.Contracts.Routing;

/// <summary>
/// Published on <see cref="Topics.QueuePositions"/> (partition key = tenant) when a skill queue's order changed: the
/// waiting sessions (not those with a pending offer) in queue order, so a session's position is its index + 1. The
/// list holds at most the first <c>Routing:MaxPublishedPositions</c> sessions (default 500); sessions beyond it get no
/// update. An empty list means the queue became empty. <see cref="AsOf"/> is when the router read the queue: of two
/// lists, the later one is current.
/// </summary>
public sealed record QueuePositions(string Tenant, string Skill, DateTimeOffset AsOf, IReadOnlyList<string> SessionIds);
