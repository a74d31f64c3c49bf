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

    public const string Webhook = "WebhookActor";

    /// <summary>One tenant's sessions that are not resolved, for the housekeeping job (actor id = the
    /// tenant).</summary>
    public const string OpenSessionIndex = "OpenSessionIndexActor";

    /// <summary>The tenants that have had open sessions (one actor, id <c>tenants</c>), for the housekeeping
    /// job.</summary>
    public const string HousekeepingTenants = "HousekeepingTenantsActor";

    /// <summary>Which period each singleton job last ran in, and under which fencing token (actor id = the
    /// job).</summary>
    public const string JobLedger = "JobLedgerActor";

    /// <summary>A tenant's rolling SLA figures and live chats (actor id = tenant + <c>sla</c>).</summary>
    public const string Sla = "SlaActor";
}
