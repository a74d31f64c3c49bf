using System.Threading.Channels;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Emulator.Tests.Health;

/// <summary>daprd's probe loop (pkg/apphealth/health.go): start unhealthy, one success heals, threshold failures in a row hurt.</summary>
public sealed class AppHealthMonitorTests
{
    private const string WarmUp = "x-warm-up";

    [Fact]
    public async Task The_app_starts_unhealthy_one_success_heals_it_and_only_threshold_failures_in_a_row_make_it_unhealthy()
    {
        // Probe n answers script[n-1]; afterwards 200.
        int[] script = [503, 200, 503, 503, 200, 503, 503, 503, 200];
        // No probe here is meant to time out: a timeout well above a loaded CI machine's slowest loopback answer.
        var (changes, dispose) = await MonitorAsync(script, threshold: 3, timeout: TimeSpan.FromSeconds(3));
        await using var _ = dispose;

        // (healthy, the probe it came with): healed by probe 2, a blip of two failures changes nothing, three do.
        Assert.Equal((true, 2), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((false, 8), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((true, 9), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_probe_slower_than_the_timeout_fails_and_probing_goes_on()
    {
        // 0 stands for an answer that comes after the timeout.
        int[] script = [200, 0, 200];
        var (changes, dispose) = await MonitorAsync(script, threshold: 1, timeout: TimeSpan.FromMilliseconds(100));
        await using var _ = dispose;

        Assert.Equal((true, 1), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((false, 2), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal((true, 3), await changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Settings_take_daprds_defaults_and_refuse_a_timeout_over_the_interval()
    {
        var defaults = AppHealthSettings.From(new SidecarOptions("a") { AppHealthCheckPath = "health", AppHealthThreshold = 0 });
        Assert.Equal(new AppHealthSettings("/health", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 3), defaults);

        var error = Assert.Throws<ArgumentException>(() => AppHealthSettings.From(
            new SidecarOptions("a") { AppHealthProbeInterval = TimeSpan.FromSeconds(1), AppHealthProbeTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Contains("must be smaller than 'health-probe-interval'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(ChannelReader<(bool Healthy, int Probe)> Changes, IAsyncDisposable Dispose)> MonitorAsync(
        int[] script, int threshold, TimeSpan timeout)
    {
        var probes = 0;
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var web = builder.Build();
        web.MapGet("/healthz", async (HttpContext context) =>
        {
            if (context.Request.Headers.ContainsKey(WarmUp))
            {
                return Results.Ok();
            }

            var n = Interlocked.Increment(ref probes);
            var status = n <= script.Length ? script[n - 1] : 200;
            if (status == 0)
            {
                await Task.Delay(timeout * 5, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                status = 200;
            }

            return Results.StatusCode(status);
        });
        await web.StartAsync();

        // The app's first answers are slow while the JIT compiles it; probes are timed, so warm it up unprobed.
        using (var warm = new HttpClient())
        {
            for (var i = 0; i < 2; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/healthz");
                request.Headers.Add(WarmUp, "1");
                (await warm.SendAsync(request)).EnsureSuccessStatusCode();
            }
        }
        var changes = Channel.CreateUnbounded<(bool, int)>();
        var channel = new AppChannel("probed", port);
        var monitor = AppHealthMonitor.Start(
            channel,
            new AppHealthSettings("/healthz", TimeSpan.FromMilliseconds(150), timeout, threshold),
            healthy => changes.Writer.WriteAsync((healthy, Volatile.Read(ref probes))).AsTask(),
            NullLogger.Instance,
            CancellationToken.None);
        return (changes.Reader, new Cleanup(async () =>
        {
            await monitor.DisposeAsync();
            channel.Dispose();
            await web.DisposeAsync();
        }));
    }

    private sealed class Cleanup(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
