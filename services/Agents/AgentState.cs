using System.Collections.Immutable;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>
/// What the agent actor persists (actor state on the etcd state store). <see cref="OfflineSince"/>: when it last went
/// offline (set presence or a lapsed lease). <see cref="Connections"/>: the agent's open connections at the gateways,
/// each with its newest beat saved; <see cref="LastClosedAt"/>: when the last of them closed, while no beat has come
/// since (<see cref="PresenceLease"/>). <see cref="LapsedFrom"/>: the presence an agent had when it lapsed offline
/// (null when it chose offline), so a beat brings it back as it was. A state saved before these existed reads as no
/// connections, no close and no lapse.
/// </summary>
internal sealed record AgentState(
    AgentPresence Presence,
    IReadOnlyList<string> Skills,
    int Capacity,
    IReadOnlyList<string> Sessions,
    DateTimeOffset? LastIdleAt,
    DateTimeOffset? LastHeartbeatAt,
    long Version,
    DateTimeOffset? OfflineSince = null,
    ImmutableDictionary<string, DateTimeOffset>? Connections = null,
    DateTimeOffset? LastClosedAt = null,
    AgentPresence? LapsedFrom = null)
{
    public ImmutableDictionary<string, DateTimeOffset> OpenConnections =>
        Connections ?? ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>
    /// Since when the agent is idle once its presence becomes <paramref name="next"/>: coming online with no chats
    /// starts its idle time now (routing offers the longest idle first); anything else keeps it.
    /// </summary>
    public DateTimeOffset? IdleSinceAfter(AgentPresence next, DateTimeOffset now) =>
        Presence != AgentPresence.Online && next == AgentPresence.Online && Sessions.Count == 0 ? now : LastIdleAt;

    /// <summary>
    /// The snapshot; its lease ends a lease after the newest beat, or at the end of the disconnect grace when the last
    /// connection closed since.
    /// </summary>
    public AgentSnapshot ToSnapshot(
        string tenant, string agentId, TimeSpan presenceTtl, TimeSpan disconnectGrace) => new(
        tenant,
        agentId,
        Presence,
        Skills,
        Capacity,
        Sessions,
        LastIdleAt,
        Presence == AgentPresence.Offline ? null : PresenceLease.EndsAt(this, presenceTtl, disconnectGrace),
        Version,
        Presence == AgentPresence.Offline ? OfflineSince : null);
}
