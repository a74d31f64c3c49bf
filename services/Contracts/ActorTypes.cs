namespace DaprSupport.Contracts;

/// <summary>Dapr actor type names.</summary>
public static class ActorTypes
{
    public const string Agent = "AgentActor";
    public const string Session = "SessionActor";
    public const string Router = "RouterActor";

    /// <summary>A lease lock on one named resource (actor id = the resource).</summary>
    public const string Lease = "LeaseActor";

    /// <summary>One tenant's signed, versioned configuration document (actor id = the tenant).</summary>
    public const string TenantConfig = "TenantConfigActor";

    /// <summary>
    /// The list of tenants with a configuration document and their versions (one actor, id <c>catalog</c>).
    /// </summary>
    public const string TenantCatalog = "TenantCatalogActor";

    /// <summary>A visitor's open sessions, for the per-visitor cap (actor id = tenant + visitor).</summary>
    public const string Visitor = "VisitorActor";

    /// <summary>A tenant's rolling SLA figures and live chats (actor id = tenant + <c>sla</c>).</summary>
    public const string Sla = "SlaActor";
}
