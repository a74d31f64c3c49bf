using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Dapr;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.Emulator.Tests.Actors;
using DaprSupport.Emulator.Tests.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Emulator.Tests.Invoke;

/// <summary>
/// daprd's <c>--app-max-concurrency</c> (dapr/dapr pkg/channel/http/http_channel.go): one line of slots in front of
/// every app-channel call but the health probe; a call over the limit waits, it is never refused.
/// </summary>
public sealed class AppMaxConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Calls_over_the_limit_wait_for_a_slot_and_are_never_refused()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var held = new HeldCalls();
        var app = await harness.AddAppAsync("limited", held.Map, appMaxConcurrency: 2);
        var caller = await harness.AddClientAsync("caller");
        var limit = app.Sidecar.App!.Limit!;

        var calls = Enumerable.Range(0, 5).Select(_ => caller.SidecarHttp.PostAsync(
            new Uri("/v1.0/invoke/limited/method/hold", UriKind.Relative), null)).ToList();
        await held.ArrivedAsync(2);
        await Until(() => limit.Waiting == 3);

        Assert.Equal(2, held.Arrived);
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        held.Open();
        foreach (var response in await Task.WhenAll(calls))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, held.Arrived);
        Assert.Equal(2, held.MaxInside);
    }

    [Fact]
    public async Task Actor_calls_and_pubsub_deliveries_share_the_slots_with_invocations()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore, PubSubTestKit.Kafka("pubsub"));
        var held = new HeldCalls();
        var deliveries = Channel.CreateUnbounded<string>();
        var app = await harness.AddAppAsync(
            "limited",
            web =>
            {
                held.Map(web);
                web.MapActorsHandlers();
                web.MapSubscribeHandler();
                web.MapPost("/events/orders", async (HttpContext context) =>
                {
                    var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
                    await deliveries.Writer.WriteAsync(body.GetProperty("data").GetString()!);
                    return Results.Ok();
                }).WithTopic("pubsub", "orders");
            },
            builder => builder.Services.AddSingleton(new HostIdentity("limited")),
            actors: o => o.Actors.RegisterActor<TestActor>(),
            appMaxConcurrency: 1);
        var caller = await harness.AddClientAsync("caller");
        var limit = app.Sidecar.App!.Limit!;

        var hold = caller.SidecarHttp.PostAsync(new Uri("/v1.0/invoke/limited/method/hold", UriKind.Relative), null);
        await held.ArrivedAsync(1);
        var echo = caller.Proxy(ActorTestHosts.NewId()).Echo("through the line");
        await Until(() => limit.Waiting == 1);
        await caller.Client.PublishEventAsync("pubsub", "orders", "order-1");
        await Until(() => limit.Waiting == 2);

        Assert.False(echo.IsCompleted);
        Assert.False(deliveries.Reader.TryRead(out _));
        held.Open();
        Assert.Equal(HttpStatusCode.OK, (await hold).StatusCode);
        Assert.Equal("through the line", await echo.WaitAsync(Patience));
        Assert.Equal("order-1", await deliveries.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task The_health_probe_bypasses_the_slots()
    {
        var held = new HeldCalls();
        var port = DaprSupport.DaprEmulator.Processes.LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var web = builder.Build();
        held.Map(web);
        web.MapGet("/healthz", () => Results.Ok());
        await web.StartAsync();
        using var channel = new AppChannel("limited", port, maxConcurrency: 1);
        var hold = channel.Http.PostAsync(new Uri("/hold", UriKind.Relative), null);
        await held.ArrivedAsync(1);
        var health = Channel.CreateUnbounded<bool>();

        await using var monitor = AppHealthMonitor.Start(
            channel,
            new AppHealthSettings("/healthz", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 1),
            healthy => health.Writer.WriteAsync(healthy).AsTask(),
            NullLogger.Instance,
            CancellationToken.None);

        Assert.True(await health.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(1, channel.Limit!.InFlight);
        held.Open();
        Assert.Equal(HttpStatusCode.OK, (await hold).StatusCode);
    }

    [Fact]
    public async Task A_caller_that_gives_up_returns_at_once_and_its_attempt_gives_its_slot_back_unsent()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var held = new HeldCalls();
        var app = await harness.AddAppAsync("limited", held.Map, appMaxConcurrency: 1);
        var limit = app.Sidecar.App!.Limit!;
        var http = app.Sidecar.App.Http;

        var first = http.PostAsync(new Uri("/hold", UriKind.Relative), null);
        await held.ArrivedAsync(1);
        using var giveUp = new CancellationTokenSource();
        var abandoned = http.PostAsync(new Uri("/hold", UriKind.Relative), null, giveUp.Token);
        await Until(() => limit.Waiting == 1);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Patience));
        Assert.Equal(1, limit.Waiting);
        held.Open();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri("/hold", UriKind.Relative), null)).StatusCode);
        await Until(() => limit.Waiting == 0 && limit.InFlight == 0);
        Assert.Equal(2, held.Arrived);
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>An app endpoint <c>/hold</c> whose calls all wait for one gate, counting who got in.</summary>
    private sealed class HeldCalls
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<int> _arrivals = Channel.CreateUnbounded<int>();
        private int _arrived;
        private int _inside;
        private int _maxInside;

        public int Arrived => Volatile.Read(ref _arrived);

        public int MaxInside => Volatile.Read(ref _maxInside);

        public void Map(WebApplication web) => web.MapPost("/hold", async () =>
        {
            var inside = Interlocked.Increment(ref _inside);
            InterlockedMax(ref _maxInside, inside);
            await _arrivals.Writer.WriteAsync(Interlocked.Increment(ref _arrived));
            await _gate.Task;
            Interlocked.Decrement(ref _inside);
            return Results.Ok();
        });

        public void Open() => _gate.TrySetResult();

        public async Task ArrivedAsync(int count)
        {
            while (await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(Patience) < count)
            {
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target))
                   && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
