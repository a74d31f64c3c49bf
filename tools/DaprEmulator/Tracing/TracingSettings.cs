using System.Globalization;
using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Tracing;

/// <summary>
/// The <c>tracing</c> section of the Dapr Configuration (docs: operations/observability/tracing): a trace arriving
/// with a <c>traceparent</c> keeps its sampling decision; a new trace is sampled with probability
/// <c>samplingRate</c> (daprd's default is 0.0001, "0" disables sampling, "1" samples everything).
/// </summary>
public sealed class TracingSettings
{
    public const double DefaultSamplingRate = 0.0001;

    public TracingSettings(double samplingRate)
    {
        SamplingRate = Math.Clamp(samplingRate, 0, 1);
    }

    public double SamplingRate { get; }

    public static TracingSettings FromConfiguration(JsonObject? configurationSpec)
    {
        var raw = configurationSpec?["tracing"]?["samplingRate"]?.ToString();
        return new TracingSettings(double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) ? rate : DefaultSamplingRate);
    }

    /// <summary>The context of the sidecar's span for a request: a child of the incoming trace, or a new root.</summary>
    public TraceContext StartSpan(string? traceParent, string? traceState)
    {
        if (TraceContext.Parse(traceParent, traceState) is { } parent)
        {
            return parent.Child();
        }

        var root = TraceContext.NewRoot(sampled: false);
        return root with { Sampled = IsSampled(root.TraceId) };
    }

    /// <summary>Trace-id ratio sampling, as OpenTelemetry's TraceIdRatioBased sampler decides it.</summary>
    public bool IsSampled(string traceId)
    {
        if (SamplingRate >= 1)
        {
            return true;
        }

        if (SamplingRate <= 0)
        {
            return false;
        }

        var low = ulong.Parse(traceId.AsSpan(16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture) >> 1;
        return low < (ulong)(SamplingRate * (1UL << 63));
    }
}
