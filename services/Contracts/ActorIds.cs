using Dapr.Actors;

namespace DaprSupport.Contracts;

/// <summary>Tenant-scoped actor ids: every id carries its tenant so no two tenants can share an actor.</summary>
public static class ActorIds
{
    private const char Separator = ':';

    public static ActorId Agent(string tenant, string agentId) => new(Compose(tenant, agentId));

    public static ActorId Session(string tenant, string sessionId) => new(Compose(tenant, sessionId));

    /// <summary>A visitor's open-session slots.</summary>
    public static ActorId Visitor(string tenant, string visitorId) => new(Compose(tenant, "visitor:" + visitorId));

    /// <summary>One router per tenant.</summary>
    public static ActorId Router(string tenant) => new(Compose(tenant, "router"));

    /// <summary>One webhook endpoint of a tenant (its deliveries, retries and dead letters).</summary>
    public static ActorId Webhook(string tenant, string endpointId) => new(Compose(tenant, "webhook:" + endpointId));

    /// <summary>One SLA ledger per tenant.</summary>
    public static ActorId Sla(string tenant) => new(Compose(tenant, "sla"));

    public static (string Tenant, string Id) Parse(ActorId actorId)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        var value = actorId.GetId();
        var at = value.IndexOf(Separator, StringComparison.Ordinal);
        return at <= 0
            ? throw new FormatException($"Actor id '{value}' has no tenant part.")
            : (value[..at], value[(at + 1)..]);
    }

    private static string Compose(string tenant, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return tenant.Contains(Separator, StringComparison.Ordinal)
            ? throw new ArgumentException("Tenant ids may not contain ':'.", nameof(tenant))
            : string.Concat(tenant, Separator.ToString(), id);
    }
}
