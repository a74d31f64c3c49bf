using Dapr;
using DaprSupport.Contracts;
using Microsoft.AspNetCore.Builder;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Declares an endpoint as a programmatic pub/sub subscription, with the project's dead-letter topic.
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
}
