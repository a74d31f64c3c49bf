using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.ServiceDefaults;
using DaprSupport.Sessions.Coordination;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Pub/sub endpoints daprd calls: agent changes (presence lapses, load changes) and router wake-ups both may make
/// new offers possible, so both end in a dispatch pass.
/// </summary>
public static class RoutingEvents
{
    public static IEndpointRouteBuilder MapRoutingEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/agent-presence", OnAgentChanged).SubscribesTo(Components.PubSub, Topics.AgentPresence);
        events.MapPost("/routing-wakeup", OnWakeUp).SubscribesTo(Components.PubSub, Topics.RoutingWakeUp);
        return routes;
    }

    private static async Task<Ok> OnAgentChanged(AgentSnapshot agent, OfferDispatcher dispatcher)
    {
        await dispatcher.OnAgentChangedAsync(agent);
        return TypedResults.Ok();
    }

    /// <summary>
    /// A router's wake-up: lapsed offers, overflows and unattended sessions; or a session actor's report that its agent
    /// did not answer in time (the session to requeue).
    /// </summary>
    private static async Task<Ok> OnWakeUp(
        RoutingWakeUp wakeUp, OfferDispatcher dispatcher, UnattendedSessions unattended)
    {
        if (wakeUp.Requeue is { } requeue)
        {
            await unattended.RequeueAsync(wakeUp.Tenant, requeue);
            return TypedResults.Ok();
        }

        await dispatcher.OnWakeUpAsync(wakeUp.Tenant);
        await unattended.RequeueDueAsync(wakeUp.Tenant);
        return TypedResults.Ok();
    }
}
