using System.Text.Json;
using Dapr.AspNetCore;
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
    /// <summary>
    /// Agent changes per batch at most, and how long Dapr waits to fill one: the gateway's presence and the sessions
    /// app's own claims and releases reach the router directly, so the events only back them up (and carry changes
    /// made elsewhere, such as a lapsed presence lease); a tenant's changes share one partition, so they batch well.
    /// </summary>
    public const int AgentBatchSize = 100;

    public static readonly TimeSpan AgentBatchWait = TimeSpan.FromMilliseconds(100);

    private const int AgentParallelism = 16;

    public static IEndpointRouteBuilder MapRoutingEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events");
        events.MapPost("/agent-presence", OnAgentChangesAsync)
            .SubscribesInBatchesTo(Components.PubSub, Topics.AgentPresence, AgentBatchSize, AgentBatchWait);
        events.MapPost("/routing-wakeup", OnWakeUp).SubscribesTo(Components.PubSub, Topics.RoutingWakeUp);
        return routes;
    }

    /// <summary>
    /// A batch of agent changes: the newest of each agent given to the router, agents in parallel (their dispatch
    /// passes are shared per tenant). A change that failed is answered RETRY for all its entries.
    /// </summary>
    private static async Task<Ok<BulkSubscribeAppResponse>> OnAgentChangesAsync(
        BulkSubscribeMessage<JsonElement> batch, OfferDispatcher dispatcher, ILoggerFactory logs,
        CancellationToken aborted)
    {
        var entries = batch.Entries ?? [];
        var (changes, malformed) = AgentChangeBatch.Plan(entries);
        var logger = logs.CreateLogger(typeof(RoutingEvents));
        if (malformed.Count > 0)
        {
            logger.LogWarning("{Count} entries of an agent-change batch hold no agent change", malformed.Count);
        }

        var done = await BulkSubscribeEntries.InGroupsAsync(changes.Select(c => new[] { c }), AgentParallelism,
            change => dispatcher.OnAgentChangedAsync(change.Agent),
            (change, e) => logger.LogWarning(e, "Could not give the router agent {Agent} of {Tenant}",
                change.Agent.AgentId, change.Agent.Tenant),
            aborted);
        return TypedResults.Ok(AgentChangeBatch.Answer(entries.Select(e => e.EntryId), malformed,
            changes.Where(c => !done.Contains(c))));
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
