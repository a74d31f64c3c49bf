using Prometheus;

namespace DaprSupport.Webhooks;

/// <summary>Webhook counters (docs/operations.md): what was queued and how attempts ended.</summary>
public static class WebhookMetrics
{
    public static readonly Counter Queued = Metrics.CreateCounter(
        "support_webhook_events_queued_total", "Events queued for a webhook endpoint, by topic.", "topic");

    public static readonly Counter Attempts = Metrics.CreateCounter(
        "support_webhook_attempts_total", "Webhook delivery attempts, by outcome (delivered, retrying, dead_lettered).",
        "outcome");
}
