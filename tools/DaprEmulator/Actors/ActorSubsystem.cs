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

        if (Host.FindSidecar(sidecar.AppId) != sidecar)
        {
            // Known divergence (docs/emulator-fidelity.md): placement here is per app id, so a replica's actor types
            // stay on the app's first instance instead of being spread over the replicas.
            sidecar.Logger.LogWarning(
                "Actor types [{Types}] of {AppId}: only its first instance hosts actors under the emulator",
                string.Join(", ", config.Types.Keys), sidecar.AppId);
            return;
        }

        _hostConfigs[sidecar.AppId] = config;
        await PlaceHostAsync(sidecar, config, cancellationToken);
    }

    /// <summary>Puts the app's actor types into placement (daprd's <c>RegisterHosted</c>).</summary>
    private async Task PlaceHostAsync(Sidecar sidecar, ActorHostConfig config, CancellationToken cancellationToken)
    {
        _placement.AddHost(config);
        sidecar.Stopping.Register(() => OnHostGone(sidecar.AppId));
        sidecar.Logger.LogInformation("Actor types [{Types}] placed on {AppId}", string.Join(", ", config.Types.Keys), sidecar.AppId);
        foreach (var type in config.Types.Keys)
        {
            await LoadRemindersAsync(type, cancellationToken);
        }

        // Actors whose owner changed with the new host leave their old host (drainRebalancedActors).
        foreach (var activation in _activations.Values.Where(a => config.Types.ContainsKey(a.Key.Type)))
        {
            if (_placement.Lookup(activation.Key.Type, activation.Key.Id)?.AppId != activation.HostAppId)
            {
                _ = DeactivateAsync(activation);
            }
        }

        lock (_activations)
        {
            _idleScan ??= ScanForIdleActorsAsync();
        }
    }

    /// <summary>Active actor counts per type hosted by the app, for the metadata API.</summary>
    public IReadOnlyList<(string Type, int Count)> ActiveActorsOf(string appId) =>
        [.. _placement.TypesOf(appId).Select(type =>
            (type, _activations.Values.Count(a => a.Key.Type == type && a.HostAppId == appId && !a.IsDeactivated)))];

    /// <summary>True when placement puts the actor on this app (daprd's IsActorHosted).</summary>
    internal bool IsHostedOn(string appId, ActorKey key) => _placement.Lookup(key.Type, key.Id)?.AppId == appId;

    internal bool HostsType(string appId, string actorType) => _placement.Hosts(appId, actorType);

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

                var http = Host.FindSidecar(activation.HostAppId)?.App?.Http
                    ?? throw ActorApiException.Invoke($"app channel for app {activation.HostAppId} is not initialized");
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

    /// <summary>The actor's activation on the app placement chooses now, replacing one left on another app.</summary>
    private async Task<ActorActivation> ActivationForAsync(ActorKey key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (appId, settings) = await LookupAsync(key, cancellationToken);
            var activation = _activations.GetOrAdd(key, k => new ActorActivation(k, appId, settings, _time));
            if (activation.HostAppId == appId && !activation.IsDeactivated)
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
            var app = Host.FindSidecar(activation.HostAppId)?.App?.Http;
            if (app is not null)
            {
                using var response = await app.DeleteAsync(
                    new Uri($"actors/{activation.Key.Type}/{activation.Key.Id}", UriKind.Relative),
                    _stopping.Token);
                if (!response.IsSuccessStatusCode)
                {
                    Host.Logger.LogWarning("Deactivating actor {Actor} on {AppId} answered {Status}", activation.Key, activation.HostAppId, (int)response.StatusCode);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Emulator stopping.
        }
        catch (HttpRequestException ex)
        {
            Host.Logger.LogWarning(ex, "Deactivating actor {Actor} on {AppId} failed", activation.Key, activation.HostAppId);
        }
    }

    private void OnHostGone(string appId)
    {
        var types = _placement.RemoveHost(appId);
        foreach (var activation in _activations.Values.Where(a => a.HostAppId == appId))
        {
            // The app's sidecar is gone, so nothing is told; the next call places the actor elsewhere.
            activation.MarkDeactivated();
            _activations.TryRemove(new KeyValuePair<ActorKey, ActorActivation>(activation.Key, activation));
        }

        if (types.Count > 0)
        {
            Host.Logger.LogInformation("Actor types [{Types}] no longer hosted by {AppId}", string.Join(", ", types), appId);
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
