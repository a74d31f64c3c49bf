using Dapr.Client;
using DaprSupport.DaprEmulator.Metrics;
using DaprSupport.Emulator.Tests.Actors;
using DaprSupport.Emulator.Tests.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Metrics;

/// <summary>Each sidecar counts what daprd counts, in daprd's series, on its own metrics port.</summary>
public class SidecarMetricsTests
{
    private const string Store = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: store
        spec:
          type: state.in-memory
          version: v1
        """;

    private const string MemoryPubSub = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
        """;

    [Fact]
    public async Task One_invoke_counts_once_on_the_callers_api_and_once_on_the_callees_app_channel()
    {
        await using var harness = await EmulatorHarness.StartAsync(Store);
        var target = await harness.AddAppAsync("target", web => web.MapGet("/hello", () => "hi"));
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/target/method/hello", UriKind.Relative));
        response.EnsureSuccessStatusCode();

        var callerText = await MetricsScrape.ReadAsync(caller.Sidecar);
        var targetText = await MetricsScrape.ReadAsync(target.Sidecar);
        Assert.Equal(1, MetricsScrape.Value(callerText, DaprMetricNames.HttpServerRequestCount,
            ("app_id", "caller"), ("method", "GET"), ("path", "/v1.0/invoke/target/method/hello"), ("status", "200")));
        Assert.Equal(1, MetricsScrape.Sum(callerText, DaprMetricNames.HttpServerRequestCount));
        Assert.Equal(0, MetricsScrape.Sum(callerText, DaprMetricNames.HttpClientCompletedCount));
        Assert.Equal(1, MetricsScrape.Value(targetText, DaprMetricNames.HttpClientCompletedCount,
            ("app_id", "target"), ("method", "GET"), ("path", "/hello"), ("status", "200")));
        Assert.Equal(0, MetricsScrape.Sum(targetText, DaprMetricNames.HttpServerRequestCount));
    }

    [Fact]
    public async Task An_actor_call_counts_its_api_request_its_app_channel_call_and_the_actors_state_save()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        Assert.Equal(1, await caller.Proxy(ActorTestHosts.NewId()).Increment());

        var callerText = await MetricsScrape.ReadAsync(caller.Sidecar);
        var hostText = await MetricsScrape.ReadAsync(host.Sidecar);
        Assert.Equal(1, MetricsScrape.Sum(callerText, DaprMetricNames.HttpServerRequestCount,
            ("path", "/v1.0/actors/TestActor/{id}/method"), ("status", "200")));
        Assert.Equal(1, MetricsScrape.Sum(hostText, DaprMetricNames.HttpClientCompletedCount,
            ("path", "actors/TestActor/{id}/method/Increment"), ("status", "200")));
        Assert.Equal(1, MetricsScrape.Sum(hostText, DaprMetricNames.HttpServerRequestCount,
            ("method", "PUT"), ("path", "/v1.0/actors/TestActor/{id}/state"), ("status", "204")));
        Assert.Equal(0, MetricsScrape.Sum(hostText, DaprMetricNames.StateCount)); // actor state is not the state API
    }

    [Fact]
    public async Task A_state_save_over_grpc_counts_one_rpc_and_one_set_and_a_call_refused_for_its_token_counts_on_http_only()
    {
        await using var harness = await EmulatorHarness.StartAsync(Store);
        var app = await harness.AddClientAsync("app");

        await app.Client.SaveStateAsync("store", "k", "v");
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.Sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"]) };
        using var refused = await anonymous.GetAsync(new Uri("/v1.0/state/store/k", UriKind.Relative));
        using var noToken = new DaprClientBuilder().UseGrpcEndpoint(app.Sidecar.AppEnvironment["DAPR_GRPC_ENDPOINT"]).Build();
        await Assert.ThrowsAnyAsync<Dapr.DaprException>(() => noToken.GetStateAsync<string>("store", "k"));

        var text = await MetricsScrape.ReadAsync(app.Sidecar);
        Assert.Equal(StatusCodes.Status401Unauthorized, (int)refused.StatusCode);
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.GrpcServerCompletedRpcs,
            ("app_id", "app"), ("grpc_server_method", "/dapr.proto.runtime.v1.Dapr/SaveState"), ("grpc_server_status", "OK")));
        Assert.Equal(0, MetricsScrape.Sum(text, DaprMetricNames.GrpcServerCompletedRpcs,
            ("grpc_server_method", "/dapr.proto.runtime.v1.Dapr/GetState")));
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.HttpServerRequestCount,
            ("app_id", "app"), ("method", "GET"), ("path", "/v1.0/state/store"), ("status", "401")));
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.StateCount,
            ("app_id", "app"), ("component", "store"), ("namespace", "default"), ("operation", "set"), ("success", "true")));
        Assert.Equal(1, MetricsScrape.Sum(text, DaprMetricNames.StateCount));
    }

    [Fact]
    public async Task A_publish_counts_egress_on_the_publisher_and_each_delivery_counts_ingress_on_the_subscriber()
    {
        await using var harness = await EmulatorHarness.StartAsync(MemoryPubSub);
        var answers = new Queue<IResult>([Results.StatusCode(500), Results.Ok(), Results.Json(new { status = "DROP" })]);
        var (subscriber, deliveries) = await PubSubTestKit.AddSubscriberAsync(
            harness, "subscriber", "pubsub", "orders", _ => { lock (answers) { return answers.Dequeue(); } });
        var publisher = await harness.AddClientAsync("publisher");

        await publisher.Client.PublishEventAsync("pubsub", "orders", new { n = 1 });
        await publisher.Client.PublishEventAsync("pubsub", "orders", new { n = 2 });
        for (var i = 0; i < 3; i++)
        {
            await deliveries.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }

        (string, string)[] Ingress(string process, string status) =>
            [("app_id", "subscriber"), ("component", "pubsub"), ("namespace", "default"), ("process_status", process),
             ("status", status), ("topic", "orders")];
        var text = await MetricsScrape.UntilAsync(subscriber.Sidecar, t =>
            MetricsScrape.Sum(t, DaprMetricNames.PubsubIngressCount) >= 3);
        var published = await MetricsScrape.ReadAsync(publisher.Sidecar);

        Assert.Equal(2, MetricsScrape.Value(published, DaprMetricNames.PubsubEgressCount,
            ("app_id", "publisher"), ("component", "pubsub"), ("namespace", "default"), ("success", "true"), ("topic", "orders")));
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.PubsubIngressCount, Ingress("retry", "retry")));
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.PubsubIngressCount, Ingress("success", "success")));
        Assert.Equal(1, MetricsScrape.Value(text, DaprMetricNames.PubsubIngressCount, Ingress("drop", "success")));
        Assert.Equal(3, MetricsScrape.Sum(text, DaprMetricNames.HttpClientCompletedCount, ("path", "/events/orders")));
    }

    [Fact]
    public async Task The_app_is_told_its_sidecars_metrics_port()
    {
        await using var harness = await EmulatorHarness.StartAsync(Store);
        var app = await harness.AddClientAsync("app");

        Assert.Equal(app.Sidecar.MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), app.Sidecar.AppEnvironment["DAPR_METRICS_PORT"]);
        Assert.NotEqual(0, app.Sidecar.MetricsPort);
        Assert.NotEqual(app.Sidecar.HttpPort, app.Sidecar.MetricsPort);
    }
}
