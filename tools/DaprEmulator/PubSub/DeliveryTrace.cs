using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Tracing;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// The span daprd starts for one pub/sub delivery (pkg/runtime/subscription/postman/http, StartInternalCallbackSpan):
/// none when tracing is disabled (sampling rate 0) or the event has no string trace field; otherwise a span whose
/// parent is the event's <c>traceparent</c> (or <c>traceid</c> when the event has no <c>traceparent</c> key), with the
/// event's non-empty <c>tracestate</c>. An unparsable parent starts a new trace. The app receives that span's context
/// in <c>traceparent</c>.
/// </summary>
public static class DeliveryTrace
{
    public static TraceContext? Start(JsonObject cloudEvent, TracingSettings tracing)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        ArgumentNullException.ThrowIfNull(tracing);
        if (tracing.SamplingRate <= 0)
        {
            return null;
        }

        var field = cloudEvent["traceparent"] ?? cloudEvent["traceid"];
        if (field is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var state = cloudEvent["tracestate"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : null;
        return tracing.StartSpan(value.GetValue<string>(), string.IsNullOrEmpty(state) ? null : state);
    }
}
