using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// The app's health as daprd tracks it (dapr/dapr pkg/runtime/runtime.go <c>initRuntime</c>, <c>appHealthChanged</c>).
/// Without health checks the app counts as healthy once its port is open. With them, the runtime is up once the port
/// is open; the first healthy probe loads the app's actor types and subscriptions; an unhealthy app's subscriptions
/// stop, its actor types leave placement and service invocation into it is refused (the HTTP channel's
/// "app is not in a healthy state"), until a probe succeeds again. Another app's health never stops this one.
/// </summary>
public sealed partial class Sidecar
{
    private readonly TaskCompletionSource _runtimeReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _healthChanges = new(1, 1);
    private readonly TaskCompletionSource _healthVerdict = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AppHealthMonitor? _health;
    private AppHealthSettings? _healthSettings;
    private bool _appInitialized;

    /// <summary>Completes when daprd would report itself ready (<c>/v1.0/healthz</c>): the app's port is open.</summary>
    public Task RuntimeReady => _runtimeReady.Task;

    /// <summary>False while health checks are on and the app is not healthy (or not yet ready).</summary>
    public bool IsAppHealthy => _health?.IsHealthy ?? AppReady.IsCompletedSuccessfully;

    /// <summary>Completes when the app is ready, or its health checks have failed <c>threshold</c> times in a row.</summary>
    public Task AppSettled => Task.WhenAny(AppReady, _healthVerdict.Task);

    private void StartHealthChecks(AppChannel channel)
    {
        _health = AppHealthMonitor.Start(channel, _healthSettings ?? AppHealthSettings.From(Options), OnAppHealthChangedAsync, Logger, Stopping);
        var health = _health;
        // A healthy verdict settles through AppReady, once the app's actors and subscriptions are set up (so that a
        // run never reports ready before them); only an unhealthy verdict settles on its own.
        _health.Settled.ContinueWith(
            _ =>
            {
                if (!health.IsHealthy)
                {
                    _healthVerdict.TrySetResult();
                }
            },
            TaskScheduler.Default);
    }

    private async Task OnAppHealthChangedAsync(bool healthy)
    {
        await _healthChanges.WaitAsync(Stopping);
        try
        {
            if (!_appInitialized)
            {
                if (healthy)
                {
                    await Host.Actors.OnAppReadyAsync(this, Stopping);
                    await Host.PubSub.OnAppReadyAsync(this, Stopping);
                    _appInitialized = true;
                    Logger.LogInformation("App {AppId} is ready on port {Port}", AppId, App?.Port);
                    _appReady.TrySetResult();
                }

                return;
            }

            Host.PubSub.OnAppHealthChanged(this, healthy);
            await Host.Actors.OnAppHealthChangedAsync(this, healthy, Stopping);
        }
        catch (Exception ex) when (!Stopping.IsCancellationRequested && _health is not null)
        {
            // daprd only warns when completing the app's init fails; probing goes on.
            Logger.LogWarning(ex, "App {AppId}: applying its health change failed", AppId);
            _appReady.TrySetException(ex);
        }
        finally
        {
            _healthChanges.Release();
        }
    }
}
