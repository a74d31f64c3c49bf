using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Agents;

/// <summary>One agent of one tenant: presence, skills, capacity and the sessions it holds.</summary>
[Actor(TypeName = ActorTypes.Agent)]
public sealed class AgentActor(ActorHost host) : Actor(host), IAgentActor
{
    private const string StateKey = "agent";
    private const int DefaultCapacity = 5;

    public async Task<AgentSnapshot> GetSnapshotAsync() => await LoadAsync();

    public async Task<AgentSnapshot> SetPresenceAsync(PresenceUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Capacity is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(update), "Capacity cannot be negative.");
        }

        var current = await LoadAsync();
        var next = current with
        {
            Presence = update.Presence,
            Skills = [.. update.Skills.Distinct(StringComparer.Ordinal)],
            Capacity = update.Capacity ?? current.Capacity,
        };
        await StateManager.SetStateAsync(StateKey, next);
        return next;
    }

    private async Task<AgentSnapshot> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<AgentSnapshot>(StateKey);
        if (stored.HasValue)
        {
            return stored.Value;
        }

        var (tenant, agentId) = ActorIds.Parse(Id);
        return new AgentSnapshot(tenant, agentId, AgentPresence.Offline, [], DefaultCapacity, [], null);
    }
}
