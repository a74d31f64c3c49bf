using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace DaprSupport.LoadGen.Tests;

public class MetricsAndFramesTests
{
    private const string Exposition = """
        # HELP dapr_http_server_request_count Count of HTTP requests processed by the server.
        # TYPE dapr_http_server_request_count counter
        dapr_http_server_request_count{app_id="gateway",method="PUT",path="/v1.0/actors/SessionActor/{id}/method",status="200"} 10
        dapr_http_server_request_count{app_id="gateway",method="GET",path="/v1.0/healthz",status="204"} 3
        dapr_grpc_io_server_completed_rpcs{app_id="sessions",grpc_server_method="/dapr.proto.runtime.v1.Dapr/SaveState",grpc_server_status="OK"} 4
        dapr_http_client_completed_count{app_id="sessions",method="PUT",path="actors/SessionActor/{id}/method/Append",status="200"} 10
        dapr_component_pubsub_ingress_count{app_id="gateway",component="fanout",namespace="default",process_status="success",status="success",topic="t"} 7
        process_cpu_seconds_total 12.5
        """;

    [Fact]
    public void Samples_keep_their_labels_even_with_braces_in_a_value()
    {
        var samples = PrometheusText.Parse(Exposition);

        Assert.Equal(6, samples.Count);
        Assert.Equal("/v1.0/actors/SessionActor/{id}/method", samples[0].Label("path"));
        Assert.Equal("gateway", samples[0].Label("app_id"));
        Assert.Equal(10, samples[0].Value);
        Assert.Equal(("process_cpu_seconds_total", 12.5), (samples[5].Name, samples[5].Value));
        Assert.Null(samples[5].Label("path"));
    }

    [Fact]
    public void A_gateway_figure_is_its_samples_summed_over_label_sets_and_unknown_when_absent()
    {
        var samples = PrometheusText.Parse("""
            system_runtime_dotnet_gc_last_collection_heap_size{gc_heap_generation="gen0"} 100
            system_runtime_dotnet_gc_last_collection_heap_size{gc_heap_generation="gen2"} 400
            process_working_set_bytes 2048
            """);

        Assert.Equal(500, GatewayMetrics.Sum(samples, "system_runtime_dotnet_gc_last_collection_heap_size"));
        Assert.Equal(2048, GatewayMetrics.Sum(samples, "process_working_set_bytes"));
        Assert.Null(GatewayMetrics.Sum(samples, "process_working_set"));
    }

    [Fact]
    public void The_idle_report_names_the_gateways_closes_during_the_hold_by_code_and_what_they_mean()
    {
        var before = PrometheusText.Parse("""
            support_gateway_closes_total{code="1006"} 2
            support_gateway_connections 0
            """);
        var after = PrometheusText.Parse("""
            support_gateway_closes_total{code="1006"} 5
            support_gateway_closes_total{code="4429"} 4744
            support_gateway_closes_total{code="1000"} 0
            """);

        Assert.Equal(
            "4429 × 4744 (a per-user or per-address connection cap: a test from one address needs "
            + "Gateway__MaxConnectionsPerAddress raised); 1006 × 3 (dropped without a close frame)",
            GatewayMetrics.DescribeCloses(before, after));
        Assert.Equal("none", GatewayMetrics.DescribeCloses(after, after));
    }

    [Fact]
    public void Interactions_are_api_requests_and_app_channel_calls_counted_between_two_scrapes()
    {
        var before = SidecarCounters.From([Exposition]);
        var after = SidecarCounters.From([Exposition.Replace("\"} 10\n", "\"} 25\n", StringComparison.Ordinal),
            "dapr_http_server_request_count{app_id=\"agents\",method=\"GET\",path=\"/v1.0/healthz\",status=\"204\"} 2"]);

        var delta = SidecarCounters.Delta(before, after);

        Assert.Equal(15 + 2, delta.Sum(SidecarCounters.HttpServer));
        Assert.Equal(15, delta.Sum(SidecarCounters.AppChannel));
        Assert.Equal(15 + 2 + 15, delta.Interactions);
        Assert.Equal(0, delta.Sum(SidecarCounters.Ingress));
        Assert.Equal(15, delta.Top(1).Single().Value);
    }

    [Fact]
    public void A_marked_text_item_of_this_run_is_read_from_its_bytes_and_other_frames_are_left_to_the_parser()
    {
        var stamp = Stopwatch.GetTimestamp();
        var item = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "item", sessionId = "s-1", seq = 4, kind = "text",
            from = new { role = "visitor", id = "v-1" }, text = FrameScan.Text("r1", stamp), ts = "2026-12-01T10:00:00.123+00:00",
        });
        var greeting = JsonSerializer.SerializeToUtf8Bytes(new { type = "item", kind = "text", text = "Hello, how can I help?" });
        var ack = JsonSerializer.SerializeToUtf8Bytes(new { type = "ack", clientMsgId = "c", sessionId = "s-1", seq = 4, text = FrameScan.Text("r1", 1) });
        var withoutTs = Encoding.UTF8.GetBytes($$"""{"type":"item","kind":"text","text":"{{FrameScan.Text("r1", 42)}}"}""");
        var earlierRun = Encoding.UTF8.GetBytes($$"""{"type":"item","kind":"text","text":"{{FrameScan.Text("r0", 42)}}"}""");
        var marked = FrameScan.MarkedText("r1");

        Assert.True(FrameScan.TryMarkedText(item, marked, out var read, out var ts));
        Assert.Equal(stamp, read);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, 123, TimeSpan.Zero), ts);
        Assert.False(FrameScan.TryMarkedText(greeting, marked, out _, out _));
        Assert.False(FrameScan.TryMarkedText(ack, marked, out _, out _));
        Assert.True(FrameScan.IsAck(ack));
        Assert.False(FrameScan.IsAck(item));
        Assert.True(FrameScan.TryMarkedText(withoutTs, marked, out var bare, out var none));
        Assert.Equal((42L, (DateTimeOffset?)null), (bare, none));
        Assert.False(FrameScan.TryMarkedText(earlierRun, marked, out _, out _));
    }

    [Fact]
    public void Start_to_offer_is_timed_whichever_side_learns_the_session_first_and_only_the_first_offer_counts()
    {
        var latency = new LongHistogram(1, 60_000_000, 3);
        var pairs = new StartOfferPairs(latency);
        var ms = Stopwatch.Frequency / 1000;

        pairs.Offered("a", 100 * ms);
        pairs.Started("a", 90 * ms);
        pairs.Started("b", 200 * ms);
        pairs.Offered("b", 230 * ms);
        pairs.Offered("b", 900 * ms);
        pairs.Started("c", 0);

        Assert.Equal(2, latency.TotalCount);
        Assert.InRange(latency.GetMaxValue(), 29_970, 30_030);
        Assert.InRange(latency.GetValueAtPercentile(1), 9_990, 10_010);
    }

    [Fact]
    public void A_ramp_step_keeps_up_only_without_backlog_growth_beyond_what_is_in_flight()
    {
        var second = TimeSpan.FromSeconds(10);
        var kept = new RampStep(1, 1000, second, Sent: 10_000, Delivered: 9_950, BacklogBefore: 40, BacklogAfter: 90, P99Ms: 20);
        var behind = new RampStep(2, 1000, second, Sent: 20_000, Delivered: 17_000, BacklogBefore: 90, BacklogAfter: 3_090, P99Ms: 900);
        var idle = new RampStep(3, 1000, second, Sent: 0, Delivered: 0, BacklogBefore: 0, BacklogAfter: 0, P99Ms: 0);

        Assert.Equal(100, kept.InFlight);
        Assert.True(kept.KeptUp);
        Assert.False(behind.KeptUp);
        Assert.False(idle.KeptUp);
        Assert.Same(kept, RampReport.Highest([kept, behind, idle]));
        Assert.Null(RampReport.Highest([behind]));

        var result = RampReport.Result([kept, behind], [], []);
        Assert.False(result.Passed);
        Assert.Contains(result.Figures, f => f.Value == "1000 msg/s (p99 20.0 ms)");
        Assert.NotNull(result.Draw);
    }
}
