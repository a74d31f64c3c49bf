namespace DaprSupport.Contracts.Agents;

/// <summary>What an agent actor reports about itself.</summary>
public sealed record AgentSnapshot(
    string Tenant,
    string AgentId,
    AgentPresence Presence,
    IReadOnlyList<string> Skills,
    int Capacity,
    IReadOnlyList<string> Sessions,
    DateTimeOffset? LastIdleAt)
{
    public int Load => Sessions.Count;
}
