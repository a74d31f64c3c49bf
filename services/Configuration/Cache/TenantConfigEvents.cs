using DaprSupport.Configuration.Signing;
using DaprSupport.Contracts;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.Configuration.Cache;

/// <summary>
/// <c>POST /events/tenant-config</c>: change events (<see cref="Topics.TenantConfigChanged"/>) applied to the cache.
/// A replica subscribes through a component that gives it its own consumer group (the gateway: <c>fanout</c>).
/// A refused version is acknowledged all the same: redelivery cannot make a bad signature good.
/// </summary>
public static class TenantConfigEvents
{
    public static IEndpointRouteBuilder MapTenantConfigEvents(this IEndpointRouteBuilder routes, string pubsubName)
    {
        routes.MapPost("/events/tenant-config", OnChanged).SubscribesTo(pubsubName, Topics.TenantConfigChanged);
        return routes;
    }

    private static Ok OnChanged(SignedTenantConfig signed, TenantConfigCache cache)
    {
        cache.TryApply(signed, "event");
        return TypedResults.Ok();
    }
}
