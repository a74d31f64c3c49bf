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

    private static async Task<Ok> OnWakeUp(RoutingWakeUp wakeUp, OfferDispatcher dispatcher)
    {
        await dispatcher.OnWakeUpAsync(wakeUp.Tenant);
        return TypedResults.Ok();
    }
}
