using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions.Jobs;

/// <summary>Keeps each tenant's <see cref="IOpenSessionIndexActor"/> shares from the session lifecycle
/// events.</summary>
public static class HousekeepingEvents
{
    public const string TenantsActorId = "tenants";

    public static IEndpointRouteBuilder MapHousekeepingEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events/housekeeping/session-changed", OnSessionChanged)
            .SubscribesTo(Components.PubSub, Topics.SessionLifecycle);
        return routes;
    }

    /// <summary>The index share that holds <paramref name="sessionId"/>.</summary>
    public static IOpenSessionIndexActor Index(this IActorProxyFactory actors, string tenant, string sessionId) =>
        actors.CreateActorProxy<IOpenSessionIndexActor>(
            OpenSessionIndexRules.ActorId(tenant, sessionId), ActorTypes.OpenSessionIndex);

    /// <summary>Every share of the tenant's index, the unsharded one of earlier versions last.</summary>
    public static IEnumerable<IOpenSessionIndexActor> IndexShares(this IActorProxyFactory actors, string tenant) =>
        Enumerable.Range(0, OpenSessionIndexRules.Buckets)
            .Select(b => OpenSessionIndexRules.Bucket(tenant, b))
            .Append(OpenSessionIndexRules.Unsharded(tenant))
            .Select(id => actors.CreateActorProxy<IOpenSessionIndexActor>(id, ActorTypes.OpenSessionIndex));

    public static IHousekeepingTenantsActor HousekeepingTenants(this IActorProxyFactory actors) =>
        actors.CreateActorProxy<IHousekeepingTenantsActor>(new ActorId(TenantsActorId), ActorTypes.HousekeepingTenants);

    private static async Task<Ok> OnSessionChanged(
        SessionChanged change, IActorProxyFactory actors, HousekeepingTenantsAdded added)
    {
        var session = change.Session;
        if (!OpenSessionIndexRules.Concerns(change.Change))
        {
            return TypedResults.Ok();
        }

        var tracked = new TrackedSession(session.SessionId, session.Status, session.Version, session.QueuedAt);
        // The tenant first (a set: adding it again writes nothing), so a failed call is redelivered whole.
        if (session.Status is SessionStatus.Queued or SessionStatus.Offline && !added.Contains(session.Tenant))
        {
            await actors.HousekeepingTenants().AddAsync(session.Tenant);
            added.Add(session.Tenant);
        }

        await actors.Index(session.Tenant, session.SessionId).TrackAsync(tracked);

        return TypedResults.Ok();
    }
}
