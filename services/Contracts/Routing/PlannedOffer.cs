namespace DaprSupport.Contracts.Routing;

/// <summary>A routing decision: offer this session to this agent until ExpiresAt.</summary>
public sealed record PlannedOffer(
    string SessionId, string AgentId, string OfferId, string Skill, DateTimeOffset ExpiresAt);
