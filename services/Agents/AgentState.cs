using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>
/// What the agent actor persists (actor state on the etcd state store). <see cref="OfflineSince"/>: when it last went
/// offline (set presence or a lapsed lease).
/// </summary>
internal sealed record AgentState(
    AgentPresence Presence,
    IReadOnlyList<string> Skills,
    int Capacity,
    IReadOnlyList<string> Sessions,
    DateTimeOffset? LastIdleAt,
    DateTimeOffset? LastHeartbeatAt,
    long Version,
    DateTimeOffset? OfflineSince = null)
{
    public AgentSnapshot ToSnapshot(string tenant, string agentId, TimeSpan presenceTtl) => new(
        tenant,
        agentId,
        Presence,
        Skills,
        Capacity,
        Sessions,
        LastIdleAt,
        Presence == AgentPresence.Offline ? null : LastHeartbeatAt + presenceTtl,
        Version,
        Presence == AgentPresence.Offline ? OfflineSince : null);
}
