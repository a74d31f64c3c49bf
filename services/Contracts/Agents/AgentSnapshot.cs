namespace DaprSupport.Contracts.Agents;

/// <summary>
/// What an agent actor reports about itself. Load is the number of sessions it holds. <see cref="OfflineSince"/>: when
/// an offline agent went offline (set presence or a lapsed lease), so its sessions can be requeued after a grace.
/// </summary>
public sealed record AgentSnapshot(
    string Tenant,
    string AgentId,
    AgentPresence Presence,
    IReadOnlyList<string> Skills,
    int Capacity,
    IReadOnlyList<string> Sessions,
    DateTimeOffset? LastIdleAt,
    DateTimeOffset? PresenceExpiresAt = null,
    long Version = 0,
    DateTimeOffset? OfflineSince = null)
{
    public int Load => Sessions.Count;

    public bool HasFreeCapacity => Presence == AgentPresence.Online && Load < Capacity;
}
