using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub.Bulk;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// Subscriptions of every app and delivery of published events into them (docs:
/// developing-applications/building-blocks/pubsub/subscription-methods). Once an app's port opens, its declarative
/// Subscription resources (in scope) and its programmatic ones (<c>GET /dapr/subscribe</c>) are subscribed on their
/// components; they end with the sidecar.
/// </summary>
public sealed partial class PubSubSubsystem(EmulatorHost host) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Sidecar, AppSubscriptions> _apps = new();

    public EmulatorHost Host { get; } = host;

    /// <summary>Called once the app's port is open: reads its subscriptions and starts delivering.</summary>
    public async Task OnAppReadyAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var definitions = Host.Resources.Subscriptions
            .Where(s => s.IsVisibleTo(sidecar.AppId))
            .Select(SubscriptionDefinition.FromResource)
            .ToList();
        definitions.AddRange(await ReadProgrammaticAsync(sidecar, cancellationToken));
        _definitions[sidecar] = definitions;
        StartSubscriptions(sidecar, definitions);
    }

    /// <summary>Subscribes the app's definitions on their components (daprd's <c>StartAppSubscriptions</c>).</summary>
    private void StartSubscriptions(Sidecar sidecar, IReadOnlyList<SubscriptionDefinition> definitions)
    {
        var app = new AppSubscriptions(Guid.NewGuid());
        foreach (var definition in definitions)
        {
            if (Host.Components.FindPubSub(definition.PubsubName, sidecar.AppId) is not { } component)
            {
                sidecar.Logger.LogWarning("App {AppId} subscribes to topic {Topic} on pubsub {Pubsub}, which is not loaded for it; ignored",
                    sidecar.AppId, definition.Topic, definition.PubsubName);
                continue;
            }

            if (Host.Components.FindSpec(definition.PubsubName, sidecar.AppId) is { } spec
                && !TopicScopes.For(spec, sidecar.AppId).MaySubscribe(definition.Topic))
            {
                // daprd fails the subscription ("is not allowed") and retries it with back-off, never succeeding.
                sidecar.Logger.LogError("Failed to start subscription for pubsub {Pubsub}, topic {Topic}: subscription to topic '{Topic}' on pubsub '{Pubsub}' is not allowed",
                    definition.PubsubName, definition.Topic, definition.Topic, definition.PubsubName);
                continue;
            }

            var request = new SubscribeRequest(definition.Topic, sidecar.AppId, app.Instance, definition.Metadata);
            app.Add(definition, Subscribe(sidecar, definition, component, request));
            sidecar.Logger.LogInformation("App {AppId} subscribed to {Pubsub}/{Topic} ({Type})", sidecar.AppId, definition.PubsubName, definition.Topic, definition.Type);
        }

        if (_apps.TryGetValue(sidecar, out var previous))
        {
            previous.Dispose();
        }

        _apps[sidecar] = app;
        sidecar.Stopping.Register(() =>
        {
            if (_apps.TryRemove(new KeyValuePair<Sidecar, AppSubscriptions>(sidecar, app)))
            {
                app.Dispose();
            }
        });
    }

    /// <summary>
    /// One subscription on its component: message by message, or in batches when it is a bulk subscription (through the
    /// component's own bulk subscriber, else daprd's default one; pkg/runtime/subscription/bulksubscription.go).
    /// </summary>
    private static IDisposable Subscribe(Sidecar sidecar, SubscriptionDefinition definition, IPubSubComponent component, SubscribeRequest request)
    {
        if (!definition.IsBulk)
        {
            return component.Subscribe(request, new SubscriptionWorker(sidecar, definition, component).HandleAsync);
        }

        var worker = new BulkSubscriptionWorker(sidecar, definition, component);
        return component is IBulkSubscriber bulk
            ? bulk.BulkSubscribe(request, definition.BulkSubscribe!, worker.HandleAsync)
            : DefaultBulkSubscriber.Subscribe(component, request, definition.BulkSubscribe!, worker.HandleAsync);
    }

    /// <summary>The subscriptions of an app's first instance.</summary>
    public IReadOnlyList<SubscriptionInfo> SubscriptionsOf(string appId) =>
        Host.FindSidecar(appId) is { } sidecar ? SubscriptionsOf(sidecar) : [];

    /// <summary>
    /// The subscriptions one app instance has, for its metadata API (also while its app is unhealthy and they are
    /// stopped).
    /// </summary>
    public IReadOnlyList<SubscriptionInfo> SubscriptionsOf(Sidecar sidecar) =>
        _apps.TryGetValue(sidecar, out var app) ? [.. app.Definitions.Select(d => d.ToInfo())]
        : _suspended.TryGetValue(sidecar, out var held) ? [.. held.Select(d => d.ToInfo())] : [];

    public ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            app.Dispose();
        }

        _apps.Clear();
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<SubscriptionDefinition>> ReadProgrammaticAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        if (sidecar.App is not { } channel)
        {
            return [];
        }

        using var response = await channel.Http.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return SubscriptionDefinition.ParseProgrammatic(string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            sidecar.Logger.LogError(ex, "App {AppId}: invalid GET /dapr/subscribe answer", sidecar.AppId);
            return [];
        }
    }

    private sealed class AppSubscriptions(Guid instance) : IDisposable
    {
        private readonly List<(SubscriptionDefinition Definition, IDisposable Handle)> _items = [];

        public Guid Instance { get; } = instance;

        public IEnumerable<SubscriptionDefinition> Definitions
        {
            get
            {
                lock (_items)
                {
                    return [.. _items.Select(i => i.Definition)];
                }
            }
        }

        public void Add(SubscriptionDefinition definition, IDisposable handle)
        {
            lock (_items)
            {
                _items.Add((definition, handle));
            }
        }

        public void Dispose()
        {
            lock (_items)
            {
                foreach (var (_, handle) in _items)
                {
                    handle.Dispose();
                }

                _items.Clear();
            }
        }
    }
}

/// <summary>A subscription as the metadata API reports it.</summary>
public sealed record SubscriptionInfo(string PubsubName, string Topic, string? DeadLetterTopic, IReadOnlyList<(string Match, string Path)> Rules, string Type);
