using Prometheus;

namespace DaprSupport.Gateway;

/// <summary>The gateway's own metrics on /metrics.</summary>
public static class GatewayMetrics
{
    /// <summary>
    /// How old a timeline item is when pub/sub hands it to this replica (from the session actor's stamp).
    /// </summary>
    public static readonly Histogram ItemAge = Prometheus.Metrics.CreateHistogram(
        "support_gateway_item_age_seconds", "Age of a timeline item when it reaches the gateway over pub/sub.",
        new HistogramConfiguration
        {
            Buckets = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 5],
        });

    /// <summary>Open connections on this replica (WebSockets and long-poll cursors).</summary>
    public static readonly Gauge Connections = Prometheus.Metrics.CreateGauge(
        "support_gateway_connections", "Open connections (WebSockets and long-poll cursors) on this replica.");

    /// <summary>WebSockets ended, by close code (1006 when the connection dropped without a close handshake).</summary>
    public static readonly Counter Closes = Prometheus.Metrics.CreateCounter(
        "support_gateway_closes_total", "WebSocket connections ended, by close code.",
        new CounterConfiguration { LabelNames = ["code"] });

    /// <summary>
    /// Conversations that fell MaxPendingFrames behind (4408 on a WebSocket, a reset long-poll cursor).
    /// </summary>
    public static readonly Counter Overruns = Prometheus.Metrics.CreateCounter(
        "support_gateway_overruns_total", "Conversations closed because the client fell too far behind reading.");

    /// <summary>Client frames refused with rate_limited.</summary>
    public static readonly Counter RateLimitedFrames = Prometheus.Metrics.CreateCounter(
        "support_gateway_rate_limited_total", "Client frames refused with rate_limited.");

    public static void Closed(int? code) =>
        Closes.WithLabels((code ?? AbnormalClosure).ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    private const int AbnormalClosure = 1006;
}
