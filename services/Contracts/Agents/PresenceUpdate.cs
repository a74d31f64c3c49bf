namespace DaprSupport.Contracts.Agents;

/// <summary>
/// An agent's presence change, with the skills and capacity its verified token carries. Presence other than offline
/// is a lease: it lapses to offline when no heartbeat arrives for the presence TTL.
/// </summary>
public sealed record PresenceUpdate(AgentPresence Presence, IReadOnlyList<string> Skills, int? Capacity);
