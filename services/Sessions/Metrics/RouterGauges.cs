using System.Globalization;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;
using Prometheus;

namespace DaprSupport.Sessions.Metrics;

/// <summary>
/// The live gauges of one tenant (queues, agents, load, SLA targets), set from its router's state after every turn
/// that saved it, and removed when the router deactivates. Only the replica hosting the router holds the tenant's
/// series, so a router that moves between replicas is never counted twice and never leaves a stale value behind;
/// label sets that are gone from the state (a skill nobody waits for) are removed, not left at their last value.
/// </summary>
internal static class RouterGauges
{
    private static readonly Gauge[] All =
    [
        SupportMetrics.QueueWaiting, SupportMetrics.QueueOldest, SupportMetrics.AgentLoad, SupportMetrics.Agents,
        SupportMetrics.SlaTargetSeconds, SupportMetrics.SlaTargetRatio,
    ];

    public static void Publish(string tenant, RouterState state, IRoutingPolicies options)
    {
        var queues = SkillQueues.Waiting(state)
            .GroupBy(w => w.Entry.Skill, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key, g => (Count: g.Count(), Oldest: g.Min(w => w.Entry.EnqueuedAt)), StringComparer.Ordinal);
        var online = state.Agents.Values.Where(a => a.Presence == Contracts.Agents.AgentPresence.Online).ToList();
        var skills = state.Agents.Values.SelectMany(a => a.Skills)
            .Concat(queues.Keys)
            .ToHashSet(StringComparer.Ordinal);

        Sync(SupportMetrics.QueueWaiting, tenant, queues.Select(q => Value(q.Value.Count, q.Key)));
        Sync(
            SupportMetrics.QueueOldest, tenant,
            queues.Select(q => Value(q.Value.Oldest.ToUnixTimeMilliseconds() / 1000.0, q.Key)));
        Sync(SupportMetrics.AgentLoad, tenant, skills.Select(skill =>
            Value(online.Where(a => a.Skills.Contains(skill, StringComparer.Ordinal)).Sum(a => a.Load), skill)));
        Sync(SupportMetrics.Agents, tenant, Enum.GetValues<Contracts.Agents.AgentPresence>().Select(p =>
            Value(
                state.Agents.Values.Count(a => a.Presence == p), p.ToString().ToLower(CultureInfo.InvariantCulture))));
        Sync(SupportMetrics.SlaTargetSeconds, tenant, skills.SelectMany(skill =>
        {
            var sla = options.SlaFor(tenant, skill);
            return new[]
            {
                Value(sla.FirstResponse.TotalSeconds, skill, SlaKinds.FirstResponse),
                Value(sla.QueueWait.TotalSeconds, skill, SlaKinds.QueueWait),
                Value(sla.Resolution.TotalSeconds, skill, SlaKinds.Resolution),
            };
        }));
        Sync(SupportMetrics.SlaTargetRatio, tenant, skills.Select(skill =>
            Value(options.SlaFor(tenant, skill).ResolutionRate, skill, SlaKinds.ResolutionRate)));
    }

    /// <summary>Drops every series of the tenant (the router deactivated in this replica).</summary>
    public static void Remove(string tenant)
    {
        foreach (var gauge in All)
        {
            Sync(gauge, tenant, []);
        }
    }

    private static (string[] Labels, double Value) Value(double value, params string[] labels) => (labels, value);

    /// <summary>
    /// Sets the tenant's series of a gauge to exactly these (labels after the tenant) and removes the rest.
    /// </summary>
    private static void Sync(Gauge gauge, string tenant, IEnumerable<(string[] Labels, double Value)> values)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, value) in values)
        {
            string[] all = [tenant, .. labels];
            gauge.WithLabels(all).Set(value);
            keep.Add(string.Join('\u001f', all));
        }

        var stale = gauge.GetAllLabelValues()
            .Where(l => l[0] == tenant && !keep.Contains(string.Join('\u001f', l)))
            .ToList();
        foreach (var labels in stale)
        {
            gauge.RemoveLabelled(labels);
        }
    }

    public static class SlaKinds
    {
        public const string FirstResponse = SlaBreach.FirstResponse;
        public const string QueueWait = "queue_wait";
        public const string Resolution = SlaBreach.Resolution;
        public const string ResolutionRate = "resolution_rate";
    }
}
