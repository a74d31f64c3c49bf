using System.Collections.Concurrent;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// The agent versions this replica has given the routers (a router keeps the newest version it was given, so it
/// holds at least these). A version listed here needs no router turn: the agent's change event and the accept's or
/// resolve's own refresh of the agent bring the same version, and only the first is given. What another replica gave
/// is not listed, so it is given again (as before). Bounded: past <see cref="Limit"/> entries it starts over.
/// </summary>
internal sealed class RouterAgentViews
{
    public const int Limit = 50_000;

    private readonly ConcurrentDictionary<(string Tenant, string AgentId), long> _given = new();

    /// <summary>Whether the router was given this version of the agent, or a newer one, by this replica.</summary>
    public bool Holds(AgentSnapshot agent) =>
        _given.TryGetValue((agent.Tenant, agent.AgentId), out var version) && version >= agent.Version;

    /// <summary>The router took this version of the agent.</summary>
    public void Given(AgentSnapshot agent)
    {
        if (_given.Count >= Limit)
        {
            _given.Clear();
        }

        _given.AddOrUpdate((agent.Tenant, agent.AgentId), agent.Version, (_, known) => Math.Max(known, agent.Version));
    }
}
