namespace DaprSupport.Contracts.Agents;

/// <summary>Bounds every service holds an agent to (docs/security.md "Caps per caller").</summary>
public static class AgentLimits
{
    /// <summary>
    /// Most concurrent sessions one agent may take: the token endpoint, the sessions API and the agent actor refuse
    /// more. <c>Agents:MaxCapacity</c> may lower it for the agent actor, never raise it.
    /// </summary>
    public const int MaxCapacity = 100;
}
