using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions.Jobs;

/// <summary>Keeps each tenant's <see cref="IOpenSessionIndexActor"/> from the session lifecycle events.</summary>
public static class HousekeepingEvents
{
    public const string TenantsActorId = "tenants";

    public static IEndpointRouteBuilder MapHousekeepingEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events/housekeeping/session-changed", OnSessionChanged)
            .SubscribesTo(Components.PubSub, Topics.SessionLifecycle);
        return routes;
    }

    public static IOpenSessionIndexActor Index(this IActorProxyFactory actors, string tenant) =>
        actors.CreateActorProxy<IOpenSessionIndexActor>(new ActorId(tenant), ActorTypes.OpenSessionIndex);

    public static IHousekeepingTenantsActor HousekeepingTenants(this IActorProxyFactory actors) =>
        actors.CreateActorProxy<IHousekeepingTenantsActor>(new ActorId(TenantsActorId), ActorTypes.HousekeepingTenants);

    private static async Task<Ok> OnSessionChanged(SessionChanged change, IActorProxyFactory actors)
    {
        var session = change.Session;
        var tracked = new TrackedSession(session.SessionId, session.Status, session.Version);
        // The tenant first (a set: adding it again writes nothing), so a failed call is redelivered whole.
        if (session.Status is SessionStatus.Queued or SessionStatus.Offline)
        {
            await actors.HousekeepingTenants().AddAsync(session.Tenant);
        }

        await actors.Index(session.Tenant).TrackAsync(tracked);

        return TypedResults.Ok();
    }
}
