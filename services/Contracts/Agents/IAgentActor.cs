using Dapr.Actors;

namespace DaprSupport.Contracts.Agents;

/// <summary>One agent of one tenant. Turn-based: capacity checks and claims never interleave.</summary>
public interface IAgentActor : IActor
{
    Task<AgentSnapshot> GetSnapshotAsync();

    Task<AgentSnapshot> SetPresenceAsync(PresenceUpdate update);
}
