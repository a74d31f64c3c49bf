using System.Text.Json;
using Dapr.Actors.Client;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Events;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.Webhooks;

/// <summary>
/// <c>POST /events/webhooks/{topic}</c>: every public topic (<see cref="EventCatalog"/>) on <c>pubsub</c>, one consumer
/// group for the hosting app. An event of a tenant with endpoints for its topic is queued on each endpoint's actor
/// (deduplicated there on the event's identity, so a redelivery is harmless); anything else is acknowledged at once.
/// A failure to queue answers 500, and Dapr delivers the event again.
/// </summary>
public static class WebhookEvents
{
    public static IEndpointRouteBuilder MapWebhookEvents(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/events/webhooks");
        foreach (var topic in EventCatalog.All.Where(t => t.Public))
        {
            var name = topic.Topic;
            events.MapPost("/" + name, (JsonElement data, TenantConfigCache configs, IActorProxyFactory actors,
                    TimeProvider time) => OnEventAsync(name, data, configs, actors, time))
                .SubscribesTo(Components.PubSub, name);
        }

        return routes;
    }

    private static async Task<Results<Ok, ProblemHttpResult>> OnEventAsync(
        string topic, JsonElement data, TenantConfigCache configs, IActorProxyFactory actors, TimeProvider time)
    {
        if (EventIdentity.Of(topic, data) is not var (tenant, id)
            || !configs.TryGet(tenant, out var config))
        {
            return TypedResults.Ok();
        }

        var endpoints = config.Document.Webhooks.Where(w => w.Enabled && w.Events.Contains(topic)).ToList();
        var webhookEvent = new WebhookEvent(id, topic, time.GetUtcNow(), data.Clone());
        foreach (var endpoint in endpoints)
        {
            await actors.CreateActorProxy<IWebhookActor>(ActorIds.Webhook(tenant, endpoint.Id), ActorTypes.Webhook)
                .EnqueueAsync(webhookEvent);
        }

        return TypedResults.Ok();
    }
}
