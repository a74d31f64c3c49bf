using System.Text.Json;
using Dapr.Actors.Client;
using Dapr.AspNetCore;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Events;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprSupport.Webhooks;

/// <summary>
/// <c>POST /events/webhooks/{topic}</c>: every public topic (<see cref="EventCatalog"/>) on <c>pubsub</c>, one consumer
/// group for the hosting app, bulk-subscribed (<see cref="WebhookOptions.BatchSize"/> entries or
/// <see cref="WebhookOptions.BatchWait"/>, whichever comes first), so a batch of events costs one delivery. Each entry
/// of a tenant with endpoints for its topic is queued on each endpoint's actor (deduplicated there on the event's
/// identity, so a redelivery is harmless); the answer gives each entry its status (<see cref="WebhookBatch"/>): RETRY
/// for one that an actor did not queue, which Dapr delivers again alone, SUCCESS for the rest.
/// </summary>
public static class WebhookEvents
{
    /// <summary>Actors queued on at once within one batch.</summary>
    private const int Parallelism = 16;

    public static IEndpointRouteBuilder MapWebhookEvents(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var options = routes.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
        var events = routes.MapGroup("/events/webhooks");
        foreach (var topic in EventCatalog.All.Where(t => t.Public))
        {
            var name = topic.Topic;
            events.MapPost("/" + name, (BulkSubscribeMessage<JsonElement> batch, TenantConfigCache configs,
                    IActorProxyFactory actors, TimeProvider time, ILoggerFactory logs, CancellationToken aborted) =>
                    OnBatchAsync(name, batch, configs, actors, time, logs, aborted))
                .SubscribesInBatchesTo(Components.PubSub, name, options.BatchSize, options.BatchWait);
        }

        return routes;
    }

    private static async Task<Ok<BulkSubscribeAppResponse>> OnBatchAsync(
        string topic, BulkSubscribeMessage<JsonElement> batch, TenantConfigCache configs, IActorProxyFactory actors,
        TimeProvider time, ILoggerFactory logs, CancellationToken aborted)
    {
        var entries = batch.Entries ?? [];
        var plan = WebhookBatch.Plan(topic, entries,
            tenant => configs.TryGet(tenant, out var config) ? config.Document : null, time.GetUtcNow());
        var logger = logs.CreateLogger(typeof(WebhookEvents));
        var queued = await BulkSubscribeEntries.InGroupsAsync(WebhookBatch.ByActor(plan), Parallelism,
            dispatch => actors.CreateActorProxy<IWebhookActor>(dispatch.ActorId, ActorTypes.Webhook)
                .EnqueueAsync(dispatch.Event),
            (dispatch, e) => WebhookLog.QueueFailed(logger, e, dispatch.Event.Id, dispatch.ActorId.GetId()),
            aborted);
        return TypedResults.Ok(WebhookBatch.Answer(entries.Select(e => e.EntryId), plan, queued));
    }
}
