using Dapr.Actors;

namespace DaprSupport.Contracts.Webhooks;

/// <summary>
/// One webhook endpoint of a tenant (<see cref="ActorIds.Webhook"/>): takes the events to deliver, delivers them
/// signed, retries with backoff on durable reminders, and dead-letters an event after the last attempt.
/// </summary>
public interface IWebhookActor : IActor
{
    /// <summary>Queues an event; an event id already queued, delivered or dead-lettered is not queued again.</summary>
    Task<bool> EnqueueAsync(WebhookEvent webhookEvent);

    /// <summary>What the tenant's admin sees: pending count, recent outcomes, dead letters.</summary>
    Task<WebhookStatus> GetStatusAsync();

    /// <summary>Queues a dead letter again (fresh attempts); false when there is no such dead letter.</summary>
    Task<bool> RetryDeadLetterAsync(string eventId);
}
