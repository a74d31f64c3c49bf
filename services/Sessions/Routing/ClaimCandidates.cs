using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// Manual claim mode: a session is offered at once to every online agent of its skill with free capacity (pending
/// offers counted as load), or, once it has waited its overflow time and none is free, to every free agent of the
/// overflow skill (any agent when the group names none).
/// </summary>
internal static class ClaimCandidates
{
    public static List<int> Pick(
        QueueEntry entry, AgentSnapshot[] agents, AgentCandidate[] all, in RoutingPolicy policy, TimeSpan waited,
        bool honourExclusions)
    {
        var skilled = new List<int>();
        var overflow = new List<int>();
        foreach (var candidate in all)
        {
            var agent = agents[candidate.AgentIndex];
            if (!candidate.Online || candidate.Load >= candidate.Capacity
                || (honourExclusions && entry.ExcludedAgents.Contains(agent.AgentId, StringComparer.Ordinal)))
            {
                continue;
            }

            if (agent.Skills.Contains(entry.Skill, StringComparer.Ordinal))
            {
                skilled.Add(candidate.AgentIndex);
            }
            else if (policy.OverflowTo is not { } to || agent.Skills.Contains(to, StringComparer.Ordinal))
            {
                overflow.Add(candidate.AgentIndex);
            }
        }

        return skilled.Count > 0 || waited < policy.OverflowAfter ? skilled : overflow;
    }
}
