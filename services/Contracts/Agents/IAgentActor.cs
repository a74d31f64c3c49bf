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

    /// <summary>Renews the presence lease (an open WebSocket heartbeats for its agent).</summary>
    Task<AgentSnapshot> HeartbeatAsync();

    /// <summary>
    /// Takes the session if the agent is online and below capacity; idempotent for a session it holds.
    /// </summary>
    Task<ClaimResult> TryClaimAsync(string sessionId);

    /// <summary>Lets go of a session (resolved or transferred); idempotent.</summary>
    Task<AgentSnapshot> ReleaseAsync(string sessionId);
}
