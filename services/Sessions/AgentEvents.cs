using DaprSupport.ServiceDefaults;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions;

/// <summary>Pub/sub endpoints daprd calls: agent presence changes, which may free capacity for waiting sessions.</summary>
public static class AgentEvents
{
    public static IEndpointRouteBuilder MapAgentEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/agent-presence", OnAgentPresence)
            .SubscribesTo(Components.PubSub, Topics.AgentPresence);
        return routes;
    }

    private static Ok OnAgentPresence(AgentSnapshot agent, ILogger<AgentSnapshot> logger)
    {
        logger.LogDebug("Agent {Tenant}/{Agent} is {Presence} with load {Load}", agent.Tenant, agent.AgentId, agent.Presence, agent.Load);
        return TypedResults.Ok();
    }
}
