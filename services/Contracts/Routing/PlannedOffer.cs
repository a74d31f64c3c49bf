namespace DaprSupport.Contracts.Routing;

/// <summary>
/// A routing decision: offer this session to this agent until ExpiresAt. In manual claim mode the session is offered
/// to every agent of <see cref="Claimants"/> at once (AgentId is the first of them) and the first accept wins; null
/// for an offer to one agent.
/// </summary>
public sealed record PlannedOffer(
    string SessionId,
    string AgentId,
    string OfferId,
    string Skill,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string>? Claimants = null)
{
    /// <summary>Every agent this offer was made to.</summary>
    public IReadOnlyList<string> OfferedAgents() => Claimants is { Count: > 0 } all ? all : [AgentId];

    public bool IsFor(string agentId) => OfferedAgents().Contains(agentId, StringComparer.Ordinal);
}
