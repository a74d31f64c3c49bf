using Dapr.Actors;

namespace DaprSupport.Contracts.Agents;

/// <summary>
/// One agent of one tenant. Turn-based: a capacity check and the claim it guards happen in one turn, so an agent's
/// load can never exceed its capacity however many claims race. The actor calls no other actor.
/// </summary>
public interface IAgentActor : IActor
{
    Task<AgentSnapshot> GetSnapshotAsync();

    /// <summary>Sets presence, skills and capacity; online/away start (or renew) the presence lease.</summary>
    Task<AgentSnapshot> SetPresenceAsync(PresenceUpdate update);

    /// <summary>Renews the presence lease (a client that does not name its connection).</summary>
    Task<AgentSnapshot> HeartbeatAsync();

    /// <summary>
    /// Renews the presence lease for one open connection of the agent (a gateway's WebSocket or long-poll cursor),
    /// which the agent then counts as open until it is closed or its beats stop for a lease.
    /// </summary>
    Task<AgentSnapshot> ConnectionHeartbeatAsync(string connectionId);

    /// <summary>
    /// One of the agent's connections closed. When it was the last one open, the agent goes offline after the
    /// disconnect grace unless a connection beats (or presence is set) before then: a closed tab does not keep it
    /// online for a whole lease.
    /// </summary>
    Task<AgentSnapshot> ConnectionClosedAsync(string connectionId);

    /// <summary>
    /// Takes the session if the agent is online and below capacity; idempotent for a session it holds.
    /// </summary>
    Task<ClaimResult> TryClaimAsync(string sessionId);

    /// <summary>Lets go of a session (resolved or transferred); idempotent.</summary>
    Task<AgentSnapshot> ReleaseAsync(string sessionId);
}
