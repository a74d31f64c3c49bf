using Dapr.Actors.Client;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Coordination;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Agent presence and the queue snapshot, for the gateway (agents, supervisors) via Dapr service invocation.
/// </summary>
public static class AgentApi
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapTenantGroup("/v1/tenants/{tenant}");
        tenant.MapPut("/agents/{agentId}/presence", SetPresence);
        tenant.MapPost("/agents/{agentId}/heartbeat",
            async (string tenant, string agentId, IActorProxyFactory actors) =>
                TypedResults.Ok(await actors.Agent(tenant, agentId).HeartbeatAsync()));

        // A gateway's connection of the agent: beats while open, and says when it closed (the agent goes offline a
        // short grace after its last one closes, not a whole lease later).
        tenant.MapPost("/agents/{agentId}/connections/{connectionId}/heartbeat",
            async (string tenant, string agentId, string connectionId, IActorProxyFactory actors) =>
                TypedResults.Ok(await actors.Agent(tenant, agentId).ConnectionHeartbeatAsync(connectionId)));
        tenant.MapDelete("/agents/{agentId}/connections/{connectionId}",
            async (string tenant, string agentId, string connectionId, IActorProxyFactory actors) =>
                TypedResults.Ok(await actors.Agent(tenant, agentId).ConnectionClosedAsync(connectionId)));
        tenant.MapGet("/agents/{agentId}", async (string tenant, string agentId, IActorProxyFactory actors) =>
            TypedResults.Ok(await actors.Agent(tenant, agentId).GetSnapshotAsync()));
        tenant.MapGet("/agents/{agentId}/offers", async (string tenant, string agentId, SessionFlows flows) =>
            TypedResults.Ok(await flows.GetOffersAsync(tenant, agentId)));
        tenant.MapGet("/queues", async (string tenant, IActorProxyFactory actors) =>
            TypedResults.Ok<QueueSnapshot>(await actors.Router(tenant).GetSnapshotAsync()));
        return routes;
    }

    private static async Task<Results<Ok<AgentSnapshot>, ValidationProblem>> SetPresence(
        string tenant, string agentId, PresenceUpdate body, SessionFlows flows)
    {
        if (body.Capacity is < 0 or > AgentLimits.MaxCapacity)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["capacity"] = [$"Capacity must be between 0 and {AgentLimits.MaxCapacity}."],
            });
        }

        return TypedResults.Ok(await flows.SetPresenceAsync(tenant, agentId, body with { Skills = body.Skills ?? [] }));
    }
}
