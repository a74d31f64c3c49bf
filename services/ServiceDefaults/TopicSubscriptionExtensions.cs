using Dapr;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using Microsoft.AspNetCore.Builder;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Declares an endpoint as a programmatic pub/sub subscription, with the project's dead-letter topic; in batches
/// (Dapr's bulk subscribe) where per-event latency matters less than the cost of a delivery per event.
/// </summary>
public static class TopicSubscriptionExtensions
{
    public static RouteHandlerBuilder SubscribesTo(
        this RouteHandlerBuilder endpoint, string pubsubName, string topic) =>
        endpoint.WithTopic(new TopicOptions
        {
            PubsubName = pubsubName,
            Name = topic,
            DeadLetterTopic = Topics.DeadLetter,
        });

    /// <summary>
    /// Subscribes in batches: Dapr POSTs up to <paramref name="maxMessages"/> events at once (a bulk envelope the
    /// endpoint reads as <see cref="BulkSubscribeMessage{TValue}"/>), or what it has after <paramref name="maxWait"/>,
    /// and takes a status per entry (<see cref="BulkSubscribeAppResponse"/>).
    /// </summary>
    public static RouteHandlerBuilder SubscribesInBatchesTo(
        this RouteHandlerBuilder endpoint, string pubsubName, string topic, int maxMessages, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.FromMilliseconds(1));
        return endpoint.SubscribesTo(pubsubName, topic).WithBulkSubscribe(new BulkSubscribeTopicOptions
        {
            TopicName = topic,
            MaxMessagesCount = maxMessages,
            MaxAwaitDurationMs = (int)Math.Min(int.MaxValue, maxWait.TotalMilliseconds),
        });
    }
}
