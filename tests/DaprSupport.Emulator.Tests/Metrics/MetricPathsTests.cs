using DaprSupport.DaprEmulator.Metrics;

namespace DaprSupport.Emulator.Tests.Metrics;

public class MetricPathsTests
{
    [Theory]
    [InlineData("/v1.0/state/statestore/key1", "/v1.0/state/statestore")]
    [InlineData("/v1.0/state/statestore", "/v1.0/state/statestore")]
    [InlineData("/v1.0/secrets/vault/name", "/v1.0/secrets/vault")]
    [InlineData("/v1.0/actors/SessionActor/demo:s1/method/Append", "/v1.0/actors/SessionActor/{id}/method")]
    [InlineData("/v1.0/actors/SessionActor/demo:s1/state", "/v1.0/actors/SessionActor/{id}/state")]
    [InlineData("/v1.0/actors/SessionActor/demo:s1/timers/t", "/v1.0/actors/SessionActor/{id}/timers")]
    [InlineData("/v1.0/actors/SessionActor/demo:s1", "/v1.0/actors/SessionActor/demo:s1")]
    [InlineData("/v1.0/invoke/sessions/method/v1/tenants/demo/sessions", "/v1.0/invoke/sessions/method/v1/tenants/demo/sessions")]
    [InlineData("/v1.0/publish/pubsub/session-events", "/v1.0/publish/pubsub/session-events")]
    [InlineData("/v1.0/healthz", "/v1.0/healthz")]
    [InlineData("//v1.0//state/s/k", "/v1.0/state/s")]
    [InlineData("actors/SessionActor/demo:s1/method/Append", "actors/SessionActor/{id}/method/Append")]
    [InlineData("/actors/SessionActor/demo:s1/method/remind/r1", "actors/SessionActor/{id}/method/remind/r1")]
    [InlineData("events/session-events", "/events/session-events")]
    [InlineData("/v1.0-alpha1/workflows/dapr/abc", "/v1.0-alpha1/workflows/dapr/{instanceId}")]
    [InlineData("/v1.0-alpha1/workflows/dapr/wf/start", "/v1.0-alpha1/workflows/dapr/wf/start")]
    [InlineData("/v1.0-alpha1/workflows/dapr/abc/raiseEvent/e1", "/v1.0-alpha1/workflows/dapr/{instanceId}/raiseEvent/{eventName}")]
    [InlineData("", "")]
    public void Paths_take_daprds_legacy_metric_label(string path, string label) =>
        Assert.Equal(label, MetricPaths.Label(path));

    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("PATCH", "PATCH")]
    [InlineData("PROPFIND", "UNKNOWN")]
    [InlineData("get", "UNKNOWN")]
    public void Methods_outside_the_standard_verbs_are_unknown(string method, string label) =>
        Assert.Equal(label, MetricPaths.Method(method));

    [Fact]
    public void Exposition_is_prometheus_text_with_sorted_labels_and_no_total_suffix()
    {
        var metrics = new SidecarMetrics("gateway");
        metrics.HttpServerRequest("POST", "/v1.0/state/store/k", 204);
        metrics.HttpServerRequest("POST", "/v1.0/state/store/other", 204);
        metrics.GrpcServerRpc("/dapr.proto.runtime.v1.Dapr/GetState", Grpc.Core.StatusCode.Cancelled);

        var text = metrics.Render();

        Assert.Contains("# TYPE dapr_http_server_request_count counter\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "dapr_http_server_request_count{app_id=\"gateway\",method=\"POST\",path=\"/v1.0/state/store\",status=\"204\"} 2\n",
            text, StringComparison.Ordinal);
        Assert.Contains(
            "dapr_grpc_io_server_completed_rpcs{app_id=\"gateway\",grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\",grpc_server_status=\"Canceled\"} 1\n",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_metrics_disabled_in_the_configuration_nothing_is_counted()
    {
        var configuration = System.Text.Json.Nodes.JsonNode.Parse("""{"metric":{"enabled":false}}""")!.AsObject();
        var metrics = new SidecarMetrics("gateway") { Enabled = MetricsSettings.Enabled(configuration) };
        metrics.HttpServerRequest("GET", "/v1.0/healthz", 204);

        Assert.Equal(string.Empty, metrics.Render());
        Assert.True(MetricsSettings.Enabled(null));
        Assert.True(MetricsSettings.Enabled(System.Text.Json.Nodes.JsonNode.Parse("""{"metric":{}}""")!.AsObject()));
    }
}
