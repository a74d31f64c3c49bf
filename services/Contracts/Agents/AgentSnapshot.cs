namespace DaprSupport.Contracts.Agents;

/// <summary>What an agent actor reports about itself. Load is the number of sessions it holds.</summary>
public sealed record AgentSnapshot(
    string Tenant,
    string AgentId,
    AgentPresence Presence,
    IReadOnlyList<string> Skills,
    int Capacity,
    IReadOnlyList<string> Sessions,
    DateTimeOffset? LastIdleAt,
    DateTimeOffset? PresenceExpiresAt = null,
    long Version = 0)
{
    public int Load => Sessions.Count;

    public bool HasFreeCapacity => Presence == AgentPresence.Online && Load < Capacity;
}
