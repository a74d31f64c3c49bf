using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace DaprSupport.Gateway.Tests.Tracing;

/// <summary>
/// An in-process tracer provider over the services' own sources (the services run in this process behind their
/// emulator sidecars) that keeps every ended span and lets a test await the spans it expects.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ConcurrentQueue<Activity> _ended = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TracerProvider _provider;

    public SpanCollector()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource("DaprSupport", "Microsoft.AspNetCore", "System.Net.Http")
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new Collecting(this))
            .Build()!;
    }

    public IReadOnlyList<Activity> All => [.. _ended];

    private void Ended(Activity data)
    {
        _ended.Enqueue(data);
        _signal.Release();
    }

    /// <summary>Waits until the ended spans satisfy <paramref name="done"/>; fails after the timeout.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(Func<IReadOnlyList<Activity>, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!done(All))
        {
            try
            {
                await _signal.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}; ended: {string.Join(", ", All.Where(a => a.Source.Name == "DaprSupport" || a.DisplayName.Contains("events", StringComparison.Ordinal)).Select(a => $"{a.DisplayName} {a.TraceId}/{a.ParentSpanId}"))}");
            }
        }

        return All;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _signal.Dispose();
    }

    private sealed class Collecting(SpanCollector collector) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => collector.Ended(data);
    }
}
