namespace DaprSupport.Contracts.Agents;

/// <summary>The answer to a claim: whether the agent took the session, and the agent as it is after the turn.</summary>
public sealed record ClaimResult(bool Claimed, string? Reason, AgentSnapshot Agent)
{
    public const string NotOnline = "agent_not_online";
    public const string AtCapacity = "agent_at_capacity";
}
