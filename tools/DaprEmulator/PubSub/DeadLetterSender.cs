using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Publishes what a subscription could not or would not process to its dead-letter topic, through the subscriber's own
/// publisher, so its publishing scopes apply (dapr/dapr pkg/runtime/subscription/postman/http, <c>sendToDeadLetter</c>
/// and <c>sendBulkToDeadLetter</c> → <c>adapter.Publish</c>/<c>BulkPublish</c>).
/// </summary>
internal sealed class DeadLetterSender(Sidecar sidecar, SubscriptionDefinition subscription, IPubSubComponent component)
{
    public bool IsSet => subscription.DeadLetterTopic is not null;

    /// <summary>Publishes the messages (their topic is replaced) to the dead-letter topic; false when none is set.</summary>
    public async Task<bool> SendAsync(IEnumerable<PubSubMessage> messages, CancellationToken cancellationToken)
    {
        if (subscription.DeadLetterTopic is not { } deadLetter)
        {
            return false;
        }

        if (sidecar.Host.Components.FindSpec(component.Name, sidecar.AppId) is { } spec
            && !TopicScopes.For(spec, sidecar.AppId).MayPublish(deadLetter))
        {
            sidecar.Logger.LogError(
                "error sending message to dead letter, dead letter topic {DeadLetter} err: topic {DeadLetter} is not allowed for app id {AppId}",
                deadLetter, deadLetter, sidecar.AppId);
            throw new InvalidOperationException($"topic {deadLetter} is not allowed for app id {sidecar.AppId}");
        }

        foreach (var message in messages)
        {
            await component.PublishAsync(message with { Topic = deadLetter }, cancellationToken);
            sidecar.Logger.LogInformation("event on {Topic} sent to dead-letter topic {DeadLetter}", message.Topic, deadLetter);
        }

        return true;
    }
}
