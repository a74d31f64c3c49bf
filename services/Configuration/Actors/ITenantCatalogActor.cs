using Dapr.Actors;

namespace DaprSupport.Configuration.Actors;

/// <summary>
/// Every tenant with a configuration document and its current version (one actor, <see cref="Id"/>): what the
/// periodic check compares a replica's cache against, in one call.
/// </summary>
public interface ITenantCatalogActor : IActor
{
    public const string Id = "catalog";

    Task RecordAsync(CatalogEntry entry);

    Task<Dictionary<string, long>> GetVersionsAsync();
}

public sealed record CatalogEntry(string Tenant, long Version);
