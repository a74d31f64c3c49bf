namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>A pub/sub component (pubsub.kafka emulated in memory, pubsub.in-memory).</summary>
public interface IPubSubComponent : IAsyncDisposable
{
    string Name { get; }

    string Type { get; }

    /// <summary>Stores a message on a topic; it is delivered to subscribers in the background.</summary>
    Task PublishAsync(PubSubMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Subscribes one sidecar to a topic. The handler's exception means the message was not processed and the component
    /// redelivers it after its own back-off, as the broker's consumer would. Disposing the result leaves the topic.
    /// </summary>
    IDisposable Subscribe(SubscribeRequest request, Func<PubSubMessage, CancellationToken, Task> handler);
}

/// <summary>A message as a broker holds it: the payload (usually a CloudEvent) and its metadata.</summary>
public sealed record PubSubMessage(string Topic, byte[] Data, string ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Who subscribes: the app, a stable id of its sidecar instance (for <c>{uuid}</c> consumer groups), and the topic.</summary>
public sealed record SubscribeRequest(string Topic, string AppId, Guid SidecarInstance, IReadOnlyDictionary<string, string> Metadata);
