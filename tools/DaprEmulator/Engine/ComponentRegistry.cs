using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Locks;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.State;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>Instantiated components by name, each visible only to the apps in its scopes.</summary>
public sealed class ComponentRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, ComponentSpec> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStateStore> _stateStores = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, string AppId), IStateStore> _appStateStores = [];
    private readonly Dictionary<string, IPubSubComponent> _pubSubs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InMemoryLockStore> _locks = new(StringComparer.Ordinal);

    private ComponentRegistry()
    {
    }

    public IEnumerable<ComponentSpec> Specs => _specs.Values;

    /// <summary>Creates every component; an unsupported type is an error naming its file and type.</summary>
    public static async Task<ComponentRegistry> CreateAsync(ResourceSet resources, EmulatorOptions options, CancellationToken cancellationToken)
    {
        var registry = new ComponentRegistry();
        try
        {
            foreach (var spec in resources.Components)
            {
                registry._specs[spec.Name] = spec;
                if (spec.Type.StartsWith("state.", StringComparison.Ordinal))
                {
                    var (store, perApp) = await StateStoreFactory.CreateForAppsAsync(spec, options, cancellationToken) ?? throw Unsupported(spec);
                    registry._stateStores[spec.Name] = options.StateStoreDecorator?.Invoke(store) ?? store;
                    foreach (var (appId, appStore) in perApp)
                    {
                        registry._appStateStores[(spec.Name, appId)] = ReferenceEquals(appStore, store) ? registry._stateStores[spec.Name] : appStore;
                    }
                }
                else if (spec.Type.StartsWith("pubsub.", StringComparison.Ordinal))
                {
                    registry._pubSubs[spec.Name] = PubSubFactory.Create(spec, options) ?? throw Unsupported(spec);
                }
                else if (spec.Type == "lock.redis")
                {
                    // Emulated in memory (as pubsub.kafka is): the same semantics, no Redis needed.
                    registry._locks[spec.Name] = new InMemoryLockStore(spec, TimeProvider.System);
                }
                else
                {
                    throw Unsupported(spec);
                }
            }
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }

        return registry;
    }

    public ComponentSpec? FindSpec(string name, string appId) =>
        _specs.TryGetValue(name, out var spec) && spec.IsVisibleTo(appId) ? spec : null;

    public IStateStore? FindStateStore(string name, string appId) =>
        FindSpec(name, appId) is null ? null
        : _appStateStores.TryGetValue((name, appId), out var own) ? own
        : _stateStores.GetValueOrDefault(name);

    public IPubSubComponent? FindPubSub(string name, string appId) =>
        FindSpec(name, appId) is not null && _pubSubs.TryGetValue(name, out var pubsub) ? pubsub : null;

    /// <summary>The actor state store of an app: the one visible state store with <c>actorStateStore: "true"</c>.</summary>
    public IStateStore? FindActorStateStore(string appId) =>
        _stateStores.Values.FirstOrDefault(s => s.IsActorStateStore && _specs[s.Name].IsVisibleTo(appId)) is { } store ? FindStateStore(store.Name, appId) : null;

    public InMemoryLockStore? FindLockStore(string name, string appId) =>
        FindSpec(name, appId) is not null && _locks.TryGetValue(name, out var store) ? store : null;

    /// <summary>Whether this app's sidecar loaded any lock store (daprd: "lock store is not configured" when none).</summary>
    public bool HasLockStores(string appId) => _locks.Keys.Any(name => _specs[name].IsVisibleTo(appId));

    public IEnumerable<ComponentSpec> VisibleTo(string appId) => _specs.Values.Where(s => s.IsVisibleTo(appId));

    public async ValueTask DisposeAsync()
    {
        foreach (var pubsub in _pubSubs.Values)
        {
            await pubsub.DisposeAsync();
        }

        foreach (var store in _stateStores.Values.Concat(_appStateStores.Values).Distinct())
        {
            await store.DisposeAsync();
        }
    }

    private static EmulatorConfigurationException Unsupported(ComponentSpec spec) =>
        new($"{spec.SourceFile}: component '{spec.Name}' has type '{spec.Type}' ({spec.Version}), which the emulator does not support. " +
            "Supported: state.etcd, state.sqlite, state.in-memory, pubsub.kafka, pubsub.in-memory, lock.redis.");
}
