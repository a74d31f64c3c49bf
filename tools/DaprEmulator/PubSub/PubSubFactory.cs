using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub.Kafka;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>Creates pub/sub components by type.</summary>
internal static class PubSubFactory
{
    /// <summary>The component for the spec, or null when the type is not supported.</summary>
    public static IPubSubComponent? Create(ComponentSpec spec, EmulatorOptions options) => spec.Type switch
    {
        "pubsub.kafka" => new KafkaPubSub(spec, options),
        "pubsub.in-memory" => new InMemoryPubSub(spec, options),
        _ => null,
    };
}
