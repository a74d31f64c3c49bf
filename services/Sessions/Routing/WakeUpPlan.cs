namespace DaprSupport.Sessions.Routing;

/// <summary>
/// When time alone next changes a tenant's routing: the earliest offer expiry, the earliest coming overflow of a
/// waiting session that holds no offer, the end of a decline's exclusion, or an offline agent's grace running out.
/// Null when nothing waits on time.
/// </summary>
internal static class WakeUpPlan
{
    public static DateTimeOffset? Next(RouterState state, IRoutingPolicies options, string tenant, DateTimeOffset now)
    {
        DateTimeOffset? next = state.Offers.Count > 0 ? state.Offers.Values.Min(o => o.ExpiresAt) : null;
        foreach (var waiting in state.Waiting.Values)
        {
            if (state.Offers.ContainsKey(waiting.Entry.SessionId))
            {
                continue;
            }

            var overflowAt = waiting.Entry.EnqueuedAt + options.PolicyFor(tenant, waiting.Entry.Skill).OverflowAfter;
            next = Earlier(next, overflowAt > now ? overflowAt : null);
            next = Earlier(next, waiting.Entry.ExcludedUntil > now ? waiting.Entry.ExcludedUntil : null);
        }

        var grace = options.PolicyFor(tenant, UnattendedPlan.TenantWide).Grace;
        foreach (var agent in state.Agents.Values)
        {
            next = Earlier(next, UnattendedPlan.DueAt(agent, grace));
        }

        return next;
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
