using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Actors;
using DaprSupport.Contracts;

namespace DaprSupport.Configuration.Cache;

/// <summary>Calls on the configuration actors, through the sidecar (actor calls; not service invocation).</summary>
public sealed class TenantConfigClient(IActorProxyFactory actors)
{
    public ITenantConfigActor Tenant(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return actors.CreateActorProxy<ITenantConfigActor>(new ActorId(tenant), ActorTypes.TenantConfig);
    }

    public ITenantCatalogActor Catalog() =>
        actors.CreateActorProxy<ITenantCatalogActor>(new ActorId(ITenantCatalogActor.Id), ActorTypes.TenantCatalog);
}
