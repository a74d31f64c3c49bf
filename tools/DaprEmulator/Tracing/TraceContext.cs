using System.Globalization;
using System.Security.Cryptography;

namespace DaprSupport.DaprEmulator.Tracing;

/// <summary>A W3C trace context (<c>traceparent</c> version 00 plus <c>tracestate</c>).</summary>
public sealed record TraceContext(string TraceId, string SpanId, bool Sampled, string? TraceState)
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    /// <summary>The <c>traceparent</c> value: <c>00-{trace-id}-{span-id}-{flags}</c>.</summary>
    public string TraceParent => $"00-{TraceId}-{SpanId}-{(Sampled ? "01" : "00")}";

    /// <summary>A span of the same trace (what a sidecar hop creates), keeping the sampling decision and trace state.</summary>
    public TraceContext Child() => this with { SpanId = RandomHex(8) };

    /// <summary>Sets this span's <c>traceparent</c> and <c>tracestate</c> on a request to the app, replacing forwarded ones (daprd's <c>Header.Set</c>).</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(TraceParentHeader);
        request.Headers.Remove(TraceStateHeader);
        request.Headers.TryAddWithoutValidation(TraceParentHeader, TraceParent);
        if (TraceState is { Length: > 0 } state)
        {
            request.Headers.TryAddWithoutValidation(TraceStateHeader, state);
        }
    }

    public static TraceContext NewRoot(bool sampled) => new(RandomHex(16), RandomHex(8), sampled, null);

    /// <summary>Parses a <c>traceparent</c>; null when absent or malformed (then a new trace starts, as in daprd).</summary>
    public static TraceContext? Parse(string? traceParent, string? traceState)
    {
        if (string.IsNullOrWhiteSpace(traceParent))
        {
            return null;
        }

        var parts = traceParent.Trim().Split('-');
        if (parts.Length < 4 || parts[0].Length != 2 || parts[0] == "ff" || !IsHex(parts[0]) || parts[1].Length != 32 || !IsHex(parts[1])
            || parts[2].Length != 16 || !IsHex(parts[2]) || parts[3].Length != 2 || !IsHex(parts[3])
            || parts[1].All(c => c == '0') || parts[2].All(c => c == '0'))
        {
            return null;
        }

        var flags = byte.Parse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new TraceContext(parts[1].ToLowerInvariant(), parts[2].ToLowerInvariant(), (flags & 1) == 1,
            string.IsNullOrWhiteSpace(traceState) ? null : traceState);
    }

    private static bool IsHex(string s) => s.All(Uri.IsHexDigit);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
