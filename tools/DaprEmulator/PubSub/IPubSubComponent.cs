namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>A pub/sub component (pubsub.kafka emulated in memory, pubsub.in-memory).</summary>
public interface IPubSubComponent : IAsyncDisposable
{
    string Name { get; }
}
