using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.Emulator.Tests.Actors;
using DaprSupport.Emulator.Tests.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Health;

/// <summary>
/// What daprd does with the app's health (pkg/runtime/runtime.go <c>appHealthChanged</c>): without health checks
/// nothing is probed; with them an unhealthy app gets no pub/sub deliveries, hosts no actors and refuses service
/// invocation, is probed on, and gets all of it back when healthy.
/// </summary>
public sealed class AppHealthTests
{
    private const string Topic = "work";

    [Fact]
    public async Task Without_health_checks_the_app_is_never_probed_and_gets_its_deliveries()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var deliveries = Channel.CreateUnbounded<string>();
        await using var app = await ProbedApp.StartAsync("/healthz", web => MapSubscriber(web, deliveries));
        app.Status = StatusCodes.Status503ServiceUnavailable;
        var sidecar = await harness.Host.AddSidecarAsync(new SidecarOptions("quiet") { AppPort = app.Port }.WithTokens());
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));
        var publisher = await harness.AddClientAsync("publisher");

        await publisher.Client.PublishEventAsync("pubsub", Topic, new { n = 1 });

        Assert.Equal("1", await NextAsync(deliveries));
        Assert.True(sidecar.IsAppHealthy);
        Assert.False(app.Probes.TryRead(out _));
    }

    [Fact]
    public async Task An_unhealthy_app_loses_deliveries_actors_and_invocations_until_a_probe_succeeds_again()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), ActorTestHosts.ActorStore);
        var deliveries = Channel.CreateUnbounded<string>();
        await using var app = await ProbedApp.StartAsync("/healthz", web =>
        {
            MapSubscriber(web, deliveries);
            web.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "Probe" } }));
            web.MapGet("/hello", () => "hello");
        });
        var sidecar = await harness.Host.AddSidecarAsync(new SidecarOptions("flaky")
        {
            AppPort = app.Port,
            EnableAppHealthCheck = true,
            AppHealthProbeInterval = TimeSpan.FromMilliseconds(100),
            AppHealthProbeTimeout = TimeSpan.FromMilliseconds(100),
            AppHealthThreshold = 1,
        }.WithTokens());
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(30));
        var caller = await harness.AddClientAsync("caller");
        await caller.Client.PublishEventAsync("pubsub", Topic, new { n = 1 });
        Assert.Equal("1", await NextAsync(deliveries));
        Assert.Equal(["Probe"], harness.Host.Actors.ActiveActorsOf(sidecar).Select(a => a.Type));

        // The second failed probe is sent only after the change the first one caused was applied.
        app.Status = StatusCodes.Status500InternalServerError;
        await app.ProbedAsync(StatusCodes.Status500InternalServerError, count: 2);

        Assert.False(sidecar.IsAppHealthy);
        Assert.Empty(harness.Host.Actors.ActiveActorsOf(sidecar));
        using var refused = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/flaky/method/hello", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ERR_DIRECT_INVOKE", error.GetProperty("errorCode").GetString());
        Assert.Equal("failed to invoke, id: flaky, err: rpc error: code = Internal desc = app is not in a healthy state",
            error.GetProperty("message").GetString());
        await caller.Client.PublishEventAsync("pubsub", Topic, new { n = 2 });
        await AssertNothingWithinAsync(deliveries);

        // Healthy again: the broker kept the event for the app's consumer group, and the rest comes back. daprd starts
        // the subscriptions before it registers the actor types again (appHealthChanged), so the delivery can come
        // first: the types are awaited.
        app.Status = StatusCodes.Status200OK;
        Assert.Equal("2", await NextAsync(deliveries));
        Assert.True(sidecar.IsAppHealthy);
        var hosted = await Eventually.Until(
            () => Task.FromResult(harness.Host.Actors.ActiveActorsOf(sidecar).Select(a => a.Type).ToList()),
            types => types.Count > 0, 10, "the actor types registered again");
        Assert.Equal(["Probe"], hosted);
        Assert.Equal("hello", await caller.SidecarHttp.GetStringAsync(new Uri("/v1.0/invoke/flaky/method/hello", UriKind.Relative)));
    }

    [Fact]
    public async Task An_app_that_is_never_healthy_is_probed_on_and_its_sidecar_reports_itself_ready()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var app = await ProbedApp.StartAsync("/healthz");
        app.Status = StatusCodes.Status404NotFound;
        var sidecar = await harness.Host.AddSidecarAsync(new SidecarOptions("sick")
        {
            AppPort = app.Port,
            EnableAppHealthCheck = true,
            AppHealthProbeInterval = TimeSpan.FromMilliseconds(100),
            AppHealthProbeTimeout = TimeSpan.FromMilliseconds(100),
            AppHealthThreshold = 2,
        }.WithTokens());

        await sidecar.AppSettled.WaitAsync(TimeSpan.FromSeconds(30));
        await app.ProbedAsync(StatusCodes.Status404NotFound, count: 3);

        Assert.False(sidecar.AppReady.IsCompleted);
        Assert.False(sidecar.IsAppHealthy);
        using var http = SidecarTokens.HttpClient(sidecar);
        using var healthz = await http.GetAsync(new Uri("/v1.0/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, healthz.StatusCode);

        app.Status = StatusCodes.Status200OK;
        await sidecar.AppReady.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static void MapSubscriber(WebApplication web, Channel<string> deliveries)
    {
        web.MapGet("/dapr/subscribe", () => Results.Json(new[] { new { pubsubname = "pubsub", topic = Topic, route = "/work" } }));
        web.MapPost("/work", async (HttpContext context) =>
        {
            var cloudEvent = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            await deliveries.Writer.WriteAsync(cloudEvent.GetProperty("data").GetProperty("n").GetRawText());
            return Results.Ok();
        });
    }

    private static async Task<string> NextAsync(Channel<string> deliveries) =>
        await deliveries.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>A "not delivered" check: nothing arrives within a short grace period.</summary>
    private static async Task AssertNothingWithinAsync(Channel<string> deliveries)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await deliveries.Reader.ReadAsync(cts.Token));
    }
}
