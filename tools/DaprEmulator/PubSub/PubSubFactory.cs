using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>Creates pub/sub components by type.</summary>
internal static class PubSubFactory
{
    /// <summary>The component for the spec, or null when the type is not supported.</summary>
    public static IPubSubComponent? Create(ComponentSpec spec, EmulatorOptions options) => null;
}
