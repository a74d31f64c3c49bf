using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using DaprSupport.DaprEmulator.AccessControl;
using DaprSupport.DaprEmulator.Actors;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// The emulator: one set of components shared by a sidecar per app instance, as a cluster of daprd processes would
/// share their backing services. Hosted by the CLI (<c>run -f dapr.yaml</c>) or in-process by tests. An app id may
/// have several instances (replicas), each with its own sidecar, as daprd allows: a second <c>dapr run</c> with the
/// same app id, or a Deployment's replicas on Kubernetes.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Sidecar> _sidecars = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<Sidecar>> _replicas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _roundRobin = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _instanceCounts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private EmulatorHost(EmulatorOptions options, ResourceSet resources, ComponentRegistry components, AccessControlList? accessControl)
    {
        Options = options;
        AccessControl = accessControl;
        Resources = resources;
        Components = components;
        Logger = options.LoggerFactory.CreateLogger("dapr-emulator");
        Resiliency = new ResiliencyPolicies(resources);
        Actors = new ActorSubsystem(this);
        PubSub = new PubSubSubsystem(this);
    }

    public EmulatorOptions Options { get; }

    public ResourceSet Resources { get; }

    public ComponentRegistry Components { get; }

    public ResiliencyPolicies Resiliency { get; }

    /// <summary>The Configuration's <c>accessControl</c>, which every callee's sidecar applies; null when none is set.</summary>
    public AccessControlList? AccessControl { get; }

    public ActorSubsystem Actors { get; }

    public PubSubSubsystem PubSub { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled when the emulator stops; background work links to it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>The first instance of each app id.</summary>
    public IReadOnlyDictionary<string, Sidecar> Sidecars => _sidecars;

    /// <summary>Every sidecar, all instances of every app id.</summary>
    public IEnumerable<Sidecar> AllSidecars => _replicas.Values.SelectMany(r => r);

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resources = ResourceLoader.Load(options.ResourcesPaths, options.ConfigFilePath);
        var accessControl = AccessControlList.Parse(resources.Configuration);
        var components = await ComponentRegistry.CreateAsync(resources, options, cancellationToken);
        var host = new EmulatorHost(options, resources, components, accessControl);
        foreach (var spec in components.Specs)
        {
            host.Logger.LogInformation("Component {Name} ({Type}/{Version}) loaded from {File}, scopes [{Scopes}]",
                spec.Name, spec.Type, spec.Version, Path.GetFileName(spec.SourceFile), string.Join(", ", spec.Scopes));
        }

        return host;
    }

    /// <summary>
    /// Opens a sidecar for an app; it connects to the app in the background once the app's port opens. A second
    /// sidecar for an app id that has one is another instance (replica) of that app, unless
    /// <see cref="SidecarOptions.Replica"/> is false.
    /// </summary>
    public async Task<Sidecar> AddSidecarAsync(SidecarOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Replica && _sidecars.ContainsKey(options.AppId))
        {
            throw new InvalidOperationException($"App '{options.AppId}' already has a sidecar.");
        }

        var sidecar = await Sidecar.StartAsync(this, options, cancellationToken);
        lock (_replicas)
        {
            if (!options.Replica && _sidecars.ContainsKey(options.AppId))
            {
                _ = sidecar.DisposeAsync().AsTask();
                throw new InvalidOperationException($"App '{options.AppId}' already has a sidecar.");
            }

            _sidecars.TryAdd(options.AppId, sidecar);
            _replicas[options.AppId] = _replicas.GetValueOrDefault(options.AppId, []).Add(sidecar);
        }

        return sidecar;
    }

    /// <summary>A new instance's name in placement (<see cref="Sidecar.InstanceName"/>).</summary>
    internal string NameInstance(string appId)
    {
        var n = Next(_instanceCounts, appId);
        return n == 0 ? appId : $"{appId}#{n}";
    }

    /// <summary>The app's first instance: what tests address it by, and whose subscriptions the metadata lists.</summary>
    public Sidecar? FindSidecar(string appId) => _sidecars.GetValueOrDefault(appId);

    /// <summary>Every instance of the app, first one first.</summary>
    public IReadOnlyList<Sidecar> ReplicasOf(string appId) => _replicas.GetValueOrDefault(appId, []);

    /// <summary>
    /// The instance a service invocation goes to: round robin over the app's instances, as self-hosted daprd's mDNS
    /// resolver hands out the addresses it knows for an app id (and a Kubernetes Service spreads over its pods).
    /// </summary>
    public Sidecar? ResolveSidecar(string appId)
    {
        var replicas = ReplicasOf(appId);
        if (replicas.Count <= 1)
        {
            return replicas.Count == 0 ? null : replicas[0];
        }

        return replicas[(int)(Next(_roundRobin, appId) % replicas.Count)];
    }

    /// <summary>Stops every sidecar of one app (its actors are deactivated and placed elsewhere if another app hosts the type).</summary>
    public async Task RemoveSidecarAsync(string appId)
    {
        foreach (var sidecar in ReplicasOf(appId).Reverse())
        {
            await RemoveSidecarAsync(sidecar);
        }
    }

    /// <summary>Stops one instance's sidecar; the app's next instance (if any) becomes its first.</summary>
    public async Task RemoveSidecarAsync(Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        lock (_replicas)
        {
            var left = ReplicasOf(sidecar.AppId).Where(s => s != sidecar).ToImmutableArray();
            if (left.IsEmpty)
            {
                _replicas.TryRemove(sidecar.AppId, out _);
                _sidecars.TryRemove(sidecar.AppId, out _);
            }
            else
            {
                _replicas[sidecar.AppId] = left;
                _sidecars[sidecar.AppId] = left[0];
            }
        }

        await sidecar.DisposeAsync();
    }

    /// <summary>The app id's next number from 0 (the counters are per app id and never go back).</summary>
    private static long Next(ConcurrentDictionary<string, StrongBox<long>> counters, string appId) =>
        Interlocked.Increment(ref counters.GetOrAdd(appId, _ => new StrongBox<long>()).Value) - 1;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var appId in _replicas.Keys.ToList())
        {
            await RemoveSidecarAsync(appId);
        }

        await PubSub.DisposeAsync();
        await Actors.DisposeAsync();
        await Components.DisposeAsync();
        _stopping.Dispose();
    }
}
