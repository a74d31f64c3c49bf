using DaprSupport.Sessions.Options;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// When time alone next changes a tenant's routing: the earliest offer expiry, or the earliest coming overflow of a
/// waiting session that holds no offer. Null when nothing waits on time.
/// </summary>
internal static class WakeUpPlan
{
    public static DateTimeOffset? Next(RouterState state, RoutingOptions options, string tenant, DateTimeOffset now)
    {
        DateTimeOffset? next = state.Offers.Count > 0 ? state.Offers.Values.Min(o => o.ExpiresAt) : null;
        foreach (var waiting in state.Waiting.Values)
        {
            if (state.Offers.ContainsKey(waiting.Entry.SessionId))
            {
                continue;
            }

            var overflowAt = waiting.Entry.EnqueuedAt + options.PolicyFor(tenant, waiting.Entry.Skill).OverflowAfter;
            if (overflowAt > now && (next is null || overflowAt < next))
            {
                next = overflowAt;
            }
        }

        return next;
    }
}
