using System.Collections.Concurrent;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// The agent versions this replica has given the routers (a router keeps the newest version it was given, so it
/// holds at least these), each with the number of dispatch passes its tenant had started by then. A version listed
/// here needs no router turn: the agent's change event and the accept's or resolve's own refresh of the agent bring
/// the same version, and only the first is given. Nor does its event need a dispatch pass once a pass has started
/// since: that pass's router turn came after the router took the version. What another replica gave is not listed,
/// so it is given again (as before). Bounded: past <see cref="Limit"/> entries it starts over.
/// </summary>
internal sealed class RouterAgentViews
{
    public const int Limit = 50_000;

    private readonly ConcurrentDictionary<(string Tenant, string AgentId), (long Version, long Passes)> _given = new();

    /// <summary>Whether the router was given this version of the agent, or a newer one, by this replica.</summary>
    public bool Holds(AgentSnapshot agent) =>
        _given.TryGetValue((agent.Tenant, agent.AgentId), out var given) && given.Version >= agent.Version;

    /// <summary>
    /// Whether the router holds this version of the agent and a pass started after it took it
    /// (<paramref name="passesStarted"/>: the tenant's count now).
    /// </summary>
    public bool DispatchedSince(AgentSnapshot agent, long passesStarted) =>
        _given.TryGetValue((agent.Tenant, agent.AgentId), out var given)
        && given.Version >= agent.Version && passesStarted > given.Passes;

    /// <summary>
    /// The router took this version of the agent when its tenant had started <paramref name="passesStarted"/> passes.
    /// </summary>
    public void Given(AgentSnapshot agent, long passesStarted)
    {
        if (_given.Count >= Limit)
        {
            _given.Clear();
        }

        _given.AddOrUpdate(
            (agent.Tenant, agent.AgentId),
            (agent.Version, passesStarted),
            (_, known) => agent.Version > known.Version ? (agent.Version, passesStarted) : known);
    }
}
