namespace DaprSupport.Contracts.Agents;

/// <summary>An agent's presence change, with the skills and capacity its token carries.</summary>
public sealed record PresenceUpdate(AgentPresence Presence, IReadOnlyList<string> Skills, int? Capacity);
