using System.Collections.Concurrent;
using DaprSupport.DaprEmulator.AccessControl;
using DaprSupport.DaprEmulator.Actors;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// The emulator: one set of components shared by a sidecar per app, as a cluster of daprd processes would share
/// their backing services. Hosted by the CLI (<c>run -f dapr.yaml</c>) or in-process by tests.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Sidecar> _sidecars = new(StringComparer.Ordinal);
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

    public IReadOnlyDictionary<string, Sidecar> Sidecars => _sidecars;

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

    /// <summary>Opens a sidecar for an app; it connects to the app in the background once the app's port opens.</summary>
    public async Task<Sidecar> AddSidecarAsync(SidecarOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_sidecars.ContainsKey(options.AppId))
        {
            throw new InvalidOperationException($"App '{options.AppId}' already has a sidecar.");
        }

        var sidecar = await Sidecar.StartAsync(this, options, cancellationToken);
        if (!_sidecars.TryAdd(options.AppId, sidecar))
        {
            await sidecar.DisposeAsync();
            throw new InvalidOperationException($"App '{options.AppId}' already has a sidecar.");
        }

        return sidecar;
    }

    public Sidecar? FindSidecar(string appId) => _sidecars.GetValueOrDefault(appId);

    /// <summary>Stops one app's sidecar (its actors are deactivated and placed elsewhere if another app hosts the type).</summary>
    public async Task RemoveSidecarAsync(string appId)
    {
        if (_sidecars.TryRemove(appId, out var sidecar))
        {
            await sidecar.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var appId in _sidecars.Keys.ToList())
        {
            await RemoveSidecarAsync(appId);
        }

        await PubSub.DisposeAsync();
        await Actors.DisposeAsync();
        await Components.DisposeAsync();
        _stopping.Dispose();
    }
}
