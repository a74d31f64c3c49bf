using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.Tracing;

namespace DaprSupport.Emulator.Tests.Tracing;

/// <summary>
/// The delivery span as daprd starts it (pkg/runtime/subscription/postman/http.go and subscription.go): which trace
/// field of the CloudEvent is the parent, when none is started, and where raw payloads get their trace from.
/// </summary>
public sealed class DeliveryTraceTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Parent = $"00-{TraceId}-00f067aa0ba902b7-01";
    private const string OtherParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly TracingSettings On = new(1);

    [Fact]
    public void The_delivery_span_is_a_child_of_the_events_traceparent_with_its_tracestate()
    {
        var trace = DeliveryTrace.Start(new JsonObject { ["traceparent"] = Parent, ["traceid"] = OtherParent, ["tracestate"] = "k=v" }, On);

        Assert.NotNull(trace);
        Assert.Equal(TraceId, trace.TraceId);
        Assert.NotEqual("00f067aa0ba902b7", trace.SpanId);
        Assert.True(trace.Sampled);
        Assert.Equal("k=v", trace.TraceState);
    }

    [Fact]
    public void Traceid_is_the_parent_only_when_the_event_has_no_traceparent_key()
    {
        Assert.Equal(TraceId, DeliveryTrace.Start(new JsonObject { ["traceid"] = Parent }, On)?.TraceId);

        var emptyTraceParent = DeliveryTrace.Start(new JsonObject { ["traceparent"] = "", ["traceid"] = Parent }, On);
        Assert.NotNull(emptyTraceParent);
        Assert.NotEqual(TraceId, emptyTraceParent.TraceId);
    }

    [Fact]
    public void An_unparsable_parent_starts_a_new_trace_and_a_missing_or_non_string_one_none()
    {
        var fresh = DeliveryTrace.Start(new JsonObject { ["traceparent"] = "not-a-traceparent" }, On);
        Assert.NotNull(fresh);
        Assert.Matches("^[0-9a-f]{32}$", fresh.TraceId);

        Assert.Null(DeliveryTrace.Start(new JsonObject { ["id"] = "1" }, On));
        Assert.Null(DeliveryTrace.Start(new JsonObject { ["traceparent"] = 42 }, On));
    }

    [Fact]
    public void No_delivery_span_is_started_when_tracing_is_disabled()
    {
        Assert.Null(DeliveryTrace.Start(new JsonObject { ["traceparent"] = Parent }, new TracingSettings(0)));
    }

    [Fact]
    public void A_raw_payload_takes_its_trace_from_the_message_metadata_traceparent_over_traceid()
    {
        var message = new PubSubMessage("t", [1, 2], "application/octet-stream",
            new Dictionary<string, string> { ["traceid"] = OtherParent, ["traceparent"] = Parent, ["tracestate"] = "k=v" });

        var envelope = CloudEvents.FromRawPayload(message, "pubsub");

        Assert.Equal(Parent, envelope["traceparent"]!.GetValue<string>());
        Assert.Equal(Parent, envelope["traceid"]!.GetValue<string>());
        Assert.Equal("k=v", envelope["tracestate"]!.GetValue<string>());
        Assert.False(CloudEvents.FromRawPayload(message with { Metadata = new Dictionary<string, string>() }, "pubsub").ContainsKey("traceparent"));
    }

    [Fact]
    public void A_cloudevent_keeps_its_own_trace_fields_and_takes_missing_ones_from_the_metadata()
    {
        var metadata = new Dictionary<string, string> { ["traceparent"] = OtherParent, ["tracestate"] = "m=1" };
        var own = new JsonObject { ["traceparent"] = Parent };
        CloudEvents.AddTraceFromMetadata(own, metadata);
        Assert.Equal(Parent, own["traceparent"]!.GetValue<string>());
        Assert.Equal("m=1", own["tracestate"]!.GetValue<string>());

        var bare = new JsonObject { ["id"] = "1" };
        CloudEvents.AddTraceFromMetadata(bare, metadata);
        Assert.Equal(OtherParent, bare["traceparent"]!.GetValue<string>());
        Assert.Equal(OtherParent, bare["traceid"]!.GetValue<string>());
    }
}
