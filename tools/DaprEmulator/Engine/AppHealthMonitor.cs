using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>
/// daprd's app health checks (dapr/dapr pkg/apphealth/health.go, probe in pkg/channel/http/http_channel.go): a
/// <c>GET</c> on the health path every interval, the first one at once; a 2xx within the timeout is a success, anything
/// else (another status, a refused connection, the timeout) a failure. The app starts unhealthy (its failure count at
/// the threshold); one success makes it healthy, <c>threshold</c> consecutive failures unhealthy again. Probing never
/// stops while the sidecar runs, whatever the app answers. The callback runs on every change, one at a time.
/// </summary>
public sealed class AppHealthMonitor : IAsyncDisposable
{
    private readonly AppChannel _channel;
    private readonly AppHealthSettings _settings;
    private readonly Func<bool, Task> _onChange;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping;
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private int _failuresSinceStart;
    private int _disposed;
    private Task _loop = Task.CompletedTask;

    private AppHealthMonitor(AppChannel channel, AppHealthSettings settings, Func<bool, Task> onChange, ILogger logger, CancellationToken stopping)
    {
        _channel = channel;
        _settings = settings;
        _onChange = onChange;
        _logger = logger;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _failures = settings.Threshold;
    }

    /// <summary>True while the app is healthy (daprd's <c>GetStatus</c>: failure count below the threshold).</summary>
    public bool IsHealthy => Volatile.Read(ref _failures) < _settings.Threshold;

    /// <summary>
    /// Completes when the app has a verdict: healthy, or <c>threshold</c> probes failed since probing started (the
    /// emulator's report to the run; daprd reports nothing and keeps the app unhealthy from the start).
    /// </summary>
    public Task Settled => _settled.Task;

    /// <summary>Starts probing (the first probe at once, as daprd enqueues one right after starting the ticker).</summary>
    public static AppHealthMonitor Start(AppChannel channel, AppHealthSettings settings, Func<bool, Task> onChange, ILogger logger, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var monitor = new AppHealthMonitor(channel, settings, onChange, logger, stopping);
        monitor._loop = monitor.RunAsync();
        return monitor;
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_settings.ProbeInterval);
        try
        {
            do
            {
                await ProbeOnceAsync();
            }
            while (await timer.WaitForNextTickAsync(_stopping.Token));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The sidecar is stopping.
        }
    }

    private async Task ProbeOnceAsync()
    {
        var (healthy, reason) = await ProbeAsync();
        if (healthy)
        {
            var previous = Interlocked.Exchange(ref _failures, 0);
            _failuresSinceStart = 0;
            if (previous >= _settings.Threshold)
            {
                _logger.LogInformation("App entered healthy status");
                _settled.TrySetResult();
                await _onChange(true);
            }

            return;
        }

        if (++_failuresSinceStart >= _settings.Threshold)
        {
            _settled.TrySetResult();
        }

        // daprd's doProbe records a failure only while the status it reports differs (healthy): the count stops at the threshold.
        if (_failures < _settings.Threshold && Interlocked.Increment(ref _failures) == _settings.Threshold)
        {
            _logger.LogWarning("App entered un-healthy status: {Reason}", reason);
            await _onChange(false);
        }
    }

    private async Task<(bool Healthy, string Reason)> ProbeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_settings.ProbeTimeout);
        try
        {
            using var response = await _channel.Probe.GetAsync(new Uri(_settings.Path, UriKind.Relative), timeout.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? (true, string.Empty) : (false, $"Health check failed with status code: {code}");
        }
        catch (HttpRequestException ex)
        {
            return (false, $"Network error: {ex.Message}");
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return (false, "Probe error: context deadline exceeded");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The sidecar is disposed twice (by its owner and by its own web host's container).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }
}

/// <summary>
/// daprd's health check flags: <c>--app-health-check-path</c> (default <c>/healthz</c>, a leading <c>/</c> added),
/// <c>--app-health-probe-interval</c> (seconds, default 5), <c>--app-health-probe-timeout</c> (milliseconds, default
/// 500), <c>--app-health-threshold</c> (default 3); a value ≤ 0 takes the default (dapr/dapr pkg/runtime/config.go).
/// </summary>
public sealed record AppHealthSettings(string Path, TimeSpan ProbeInterval, TimeSpan ProbeTimeout, int Threshold)
{
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromMilliseconds(500);
    public const int DefaultThreshold = 3;
    public const string DefaultPath = "/healthz";

    public static AppHealthSettings From(SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var interval = options.AppHealthProbeInterval is { } i && i > TimeSpan.Zero ? i : DefaultProbeInterval;
        var timeout = options.AppHealthProbeTimeout is { } t && t > TimeSpan.Zero ? t : DefaultProbeTimeout;
        var threshold = options.AppHealthThreshold is { } n && n > 0 ? n : DefaultThreshold;
        if (timeout > interval)
        {
            throw new ArgumentException(
                $"App '{options.AppId}': value for 'health-probe-timeout' must be smaller than 'health-probe-interval'", nameof(options));
        }

        return new AppHealthSettings("/" + options.AppHealthCheckPath.TrimStart('/'), interval, timeout, threshold);
    }
}
