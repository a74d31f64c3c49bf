using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.DaprEmulator.State;

/// <summary>Creates state store components by type (state.etcd v2, state.sqlite, state.in-memory).</summary>
internal static class StateStoreFactory
{
    /// <summary>The store for the spec, or null when the type is not supported.</summary>
    public static Task<IStateStore?> CreateAsync(ComponentSpec spec, EmulatorOptions options, CancellationToken cancellationToken) =>
        spec.Type switch
        {
            "state.in-memory" => Task.FromResult<IStateStore?>(new InMemoryStateStore(spec.Name, spec.GetBool("actorStateStore"), TimeProvider.System)),
            _ => Task.FromResult<IStateStore?>(null),
        };
}
