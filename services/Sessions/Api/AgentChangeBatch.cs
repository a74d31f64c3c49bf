using System.Text.Json;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Sessions.Api;

/// <summary>The newest change of one agent in a batch, and every entry that carried a change of it.</summary>
public sealed record AgentChange(AgentSnapshot Agent, IReadOnlyList<string> EntryIds);

/// <summary>
/// A batch of agent changes (Dapr's bulk subscribe) as routing takes it: per agent only the newest version (the
/// router takes an agent's view only when it is newer than the one it holds, so the older ones would change nothing),
/// the entries that hold no agent change, and the answer once the changes were given to the router.
/// </summary>
public static class AgentChangeBatch
{
    public static (IReadOnlyList<AgentChange> Changes, IReadOnlySet<string> Malformed) Plan(
        IEnumerable<BulkSubscribeMessageEntry<JsonElement>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var newest = new Dictionary<(string Tenant, string AgentId), (AgentSnapshot Agent, List<string> Entries)>();
        var malformed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (BulkSubscribeEntries.DataAs<AgentSnapshot>(entry.Event, JsonDefaults.Options) is not
                { Tenant: not null, AgentId: not null } agent)
            {
                malformed.Add(entry.EntryId);
                continue;
            }

            var key = (agent.Tenant, agent.AgentId);
            if (newest.TryGetValue(key, out var known))
            {
                known.Entries.Add(entry.EntryId);
                newest[key] = (known.Agent.Version >= agent.Version ? known.Agent : agent, known.Entries);
            }
            else
            {
                newest[key] = (agent, [entry.EntryId]);
            }
        }

        return ([.. newest.Values.Select(n => new AgentChange(n.Agent, n.Entries))], malformed);
    }

    /// <summary>
    /// RETRY for every entry of a change that failed and for a malformed entry, SUCCESS for the rest.
    /// </summary>
    public static BulkSubscribeAppResponse Answer(IEnumerable<string> entryIds, IReadOnlySet<string> malformed,
        IEnumerable<AgentChange> failed)
    {
        var retry = failed.SelectMany(c => c.EntryIds).ToHashSet(StringComparer.Ordinal);
        retry.UnionWith(malformed);
        return BulkSubscribeEntries.Answer(entryIds, retry);
    }
}
