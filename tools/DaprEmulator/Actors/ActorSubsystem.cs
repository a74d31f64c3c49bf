using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Actor placement, activation, turn-based calls, timers and reminders across all apps — what daprd's actor
/// runtime and the placement service do together (developing-applications/building-blocks/actors).
/// </summary>
public sealed partial class ActorSubsystem(EmulatorHost host) : IAsyncDisposable
{
    /// <summary>The header carrying the reentrant call chain's id between daprd and the app.</summary>
    internal const string ReentrancyHeader = "Dapr-Reentrancy-Id";

    /// <summary>The header the .NET SDK sets on a 200 answer that carries a remoting failure (daprd passes it on).</summary>
    internal const string ErrorResponseHeader = "X-DaprErrorResponseHeader";

    private readonly ActorPlacement _placement = new();
    private readonly ConcurrentDictionary<string, Sidecar> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ActorKey, ActorActivation> _activations = new();
    private readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(host.Stopping);
    private readonly TimeProvider _time = TimeProvider.System;
    private Task? _idleScan;

    public EmulatorHost Host { get; } = host;

    /// <summary>Called once the app's port is open: reads GET /dapr/config and places its actor types.</summary>
    public async Task OnAppReadyAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        if (sidecar.App is null)
        {
            return;
        }

        var config = await ReadConfigAsync(sidecar, cancellationToken);
        if (config is null || config.Types.Count == 0)
        {
            return;
        }

        _hostConfigs[sidecar.InstanceName] = config;
        await PlaceHostAsync(sidecar, config, cancellationToken);
    }

    /// <summary>
    /// Puts the instance's actor types into placement (daprd's <c>RegisterHosted</c>): every instance of an app is a
    /// host of its own, and the actors whose owner changed leave their old instance.
    /// </summary>
    private async Task PlaceHostAsync(Sidecar sidecar, ActorHostConfig config, CancellationToken cancellationToken)
    {
        _instances[sidecar.InstanceName] = sidecar;
        _placement.AddHost(sidecar.InstanceName, config);
        sidecar.Stopping.Register(() => OnHostGone(sidecar.InstanceName));
        sidecar.Logger.LogInformation("Actor types [{Types}] placed on {Instance}", string.Join(", ", config.Types.Keys), sidecar.InstanceName);
        foreach (var type in config.Types.Keys)
        {
            await LoadRemindersAsync(type, cancellationToken);
        }

        // Actors whose owner changed with the new host leave their old host (drainRebalancedActors).
        foreach (var activation in _activations.Values.Where(a => config.Types.ContainsKey(a.Key.Type)))
        {
            if (_placement.Lookup(activation.Key.Type, activation.Key.Id)?.Instance != activation.HostInstance)
            {
                _ = DeactivateAsync(activation);
            }
        }

        lock (_activations)
        {
            _idleScan ??= ScanForIdleActorsAsync();
        }
    }

    /// <summary>Active actor counts per type hosted by this instance of the app, for the metadata API.</summary>
    public IReadOnlyList<(string Type, int Count)> ActiveActorsOf(Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var instance = sidecar.InstanceName;
        return [.. _placement.TypesOf(instance).Select(type =>
            (type, _activations.Values.Count(a => a.Key.Type == type && a.HostInstance == instance && !a.IsDeactivated)))];
    }

    /// <summary>The instance placement puts the actor on now (<see cref="Sidecar.InstanceName"/>), or null when none hosts its type.</summary>
    public string? InstanceOf(string actorType, string actorId) => _placement.Lookup(actorType, actorId)?.Instance;

    /// <summary>True when the actor is active on this instance (daprd's <c>table.ActorExists</c>).</summary>
    internal bool IsActiveOn(Sidecar sidecar, ActorKey key) =>
        FindActivation(key) is { } activation && activation.HostInstance == sidecar.InstanceName;

    /// <summary>True when this instance's app hosts the type (daprd's <c>table.IsActorTypeHosted</c>).</summary>
    internal bool HostsType(Sidecar sidecar, string actorType) => _placement.Hosts(sidecar.InstanceName, actorType);

    private HttpClient? AppChannelOf(ActorActivation activation) =>
        _instances.TryGetValue(activation.HostInstance, out var sidecar) ? sidecar.App?.Http : null;

    /// <summary>
    /// Runs one turn of the actor on its host: activates it if needed, waits for its turn (or enters at once when
    /// <paramref name="reentrancyId"/> continues the chain holding it) and sends the request the factory builds.
    /// </summary>
    internal async Task<HttpResponseMessage> CallAsync(
        ActorKey key, Func<HttpRequestMessage> request, string? reentrancyId, bool activate, CancellationToken cancellationToken)
    {
        while (true)
        {
            var activation = activate ? await ActivationForAsync(key, cancellationToken) : FindActivation(key);
            if (activation is null)
            {
                throw ActorApiException.InstanceMissing();
            }

            var chain = activation.Settings.ReentrancyEnabled ? reentrancyId ?? Guid.NewGuid().ToString() : null;
            IDisposable turn;
            try
            {
                turn = await activation.Turns.AcquireAsync(chain, activation.Settings.MaxStackDepth, cancellationToken);
            }
            catch (ActorReentrancyDepthException ex)
            {
                throw ActorApiException.Invoke(ex.Message);
            }

            using (turn)
            {
                if (activation.IsDeactivated)
                {
                    // Deactivated while this call waited: place it again.
                    if (!activate)
                    {
                        throw ActorApiException.InstanceMissing();
                    }

                    continue;
                }

                var http = AppChannelOf(activation)
                    ?? throw ActorApiException.Invoke($"app channel for app {activation.HostInstance} is not initialized");
                using var message = request();
                if (chain is not null)
                {
                    message.Headers.Remove(ReentrancyHeader);
                    message.Headers.TryAddWithoutValidation(ReentrancyHeader, chain);
                }

                activation.Touch();
                try
                {
                    return await SendTurnAsync(http, message, key.Type, cancellationToken);
                }
                catch (HttpRequestException ex)
                {
                    throw ActorApiException.Invoke(ex.Message);
                }
                finally
                {
                    activation.Touch();
                }
            }
        }
    }

    private ActorActivation? FindActivation(ActorKey key) =>
        _activations.TryGetValue(key, out var activation) && !activation.IsDeactivated ? activation : null;

    /// <summary>The actor's activation on the instance placement chooses now, replacing one left on another.</summary>
    private async Task<ActorActivation> ActivationForAsync(ActorKey key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (instance, settings) = await LookupAsync(key, cancellationToken);
            var activation = _activations.GetOrAdd(key, k => new ActorActivation(k, instance, settings, _time));
            if (activation.HostInstance == instance && !activation.IsDeactivated)
            {
                return activation;
            }

            await DeactivateAsync(activation);
        }
    }

    /// <summary>Waits for the actor's current turn, then removes it and tells its host (DELETE /actors/{type}/{id}).</summary>
    private async Task DeactivateAsync(ActorActivation activation)
    {
        try
        {
            using var turn = await activation.Turns.AcquireAsync(null, int.MaxValue, _stopping.Token);
            if (!activation.MarkDeactivated())
            {
                return;
            }

            _activations.TryRemove(new KeyValuePair<ActorKey, ActorActivation>(activation.Key, activation));
            var app = AppChannelOf(activation);
            if (app is not null)
            {
                using var response = await app.DeleteAsync(
                    new Uri($"actors/{activation.Key.Type}/{activation.Key.Id}", UriKind.Relative),
                    _stopping.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Host.Logger.LogWarning("Deactivating actor {Actor} on {Instance} answered {Status}", activation.Key, activation.HostInstance, (int)response.StatusCode);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Emulator stopping.
        }
        catch (HttpRequestException ex)
        {
            Host.Logger.LogWarning(ex, "Deactivating actor {Actor} on {Instance} failed", activation.Key, activation.HostInstance);
        }
    }

    private void OnHostGone(string instance)
    {
        var types = _placement.RemoveHost(instance);
        _instances.TryRemove(instance, out _);
        foreach (var activation in _activations.Values.Where(a => a.HostInstance == instance))
        {
            // The instance's sidecar is gone, so nothing is told; the next call places the actor elsewhere.
            activation.MarkDeactivated();
            _activations.TryRemove(new KeyValuePair<ActorKey, ActorActivation>(activation.Key, activation));
        }

        if (types.Count > 0)
        {
            Host.Logger.LogInformation("Actor types [{Types}] no longer hosted by {Instance}", string.Join(", ", types), instance);
        }
    }

    private async Task ScanForIdleActorsAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var interval = _placement.ShortestScanInterval() ?? TimeSpan.FromSeconds(30);
                await Task.Delay(interval < TimeSpan.FromSeconds(1) ? interval : TimeSpan.FromSeconds(1), _time, _stopping.Token);
                var now = _time.GetUtcNow();
                foreach (var activation in _activations.Values.Where(a => !a.IsDeactivated && a.IsIdle(now)))
                {
                    _ = DeactivateAsync(activation);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Emulator stopping.
        }
    }

    private async Task<ActorHostConfig?> ReadConfigAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await sidecar.App!.Http.GetAsync(new Uri("dapr/config", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound || !response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return json.RootElement.ValueKind == JsonValueKind.Object
                ? ActorHostConfig.Parse(sidecar.AppId, json.RootElement, Host.Options.DefaultActorIdleTimeout)
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            sidecar.Logger.LogWarning(ex, "Could not read actor configuration from {AppId} (GET /dapr/config)", sidecar.AppId);
            return null;
        }
        catch (FormatException ex)
        {
            sidecar.Logger.LogWarning("Failed to register hosted actors: {Reason}", ex.Message);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var activation in _activations.Values)
        {
            activation.MarkDeactivated();
        }

        StopReminders();
        if (_idleScan is not null)
        {
            await _idleScan;
        }

        await _scheduler.DisposeAsync();

        _stopping.Dispose();
    }
}
