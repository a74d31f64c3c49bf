using Prometheus;

namespace DaprSupport.Sessions.Metrics;

/// <summary>
/// Contact-centre metrics on /metrics. Histogram buckets are dense around the SLA defaults (45 s first response,
/// 30 min resolution) so P90/P95 can be read with useful precision.
/// </summary>
public static class SupportMetrics
{
    private static readonly string[] TenantSkill = ["tenant", "skill"];

    public static readonly Histogram QueueWait = Prometheus.Metrics.CreateHistogram(
        "support_queue_wait_seconds",
        "Time from queued to assigned (outcome assigned) or to the end of a session nobody took (abandoned).",
        new HistogramConfiguration
        {
            LabelNames = ["tenant", "skill", "outcome"],
            Buckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, 1800],
        });

    public static readonly Histogram FirstResponse = Prometheus.Metrics.CreateHistogram(
        "support_first_response_seconds", "Time from the visitor's first message to the first agent text.",
        new HistogramConfiguration
        {
            LabelNames = TenantSkill,
            Buckets = [1, 2, 5, 10, 15, 20, 25, 30, 40, 45, 50, 60, 90, 120, 180, 300, 600],
        });

    public static readonly Histogram Resolution = Prometheus.Metrics.CreateHistogram(
        "support_resolution_seconds", "Time from creation to resolution.",
        new HistogramConfiguration
        {
            LabelNames = TenantSkill,
            Buckets = [30, 60, 120, 300, 600, 900, 1200, 1500, 1800, 2400, 3600, 5400, 7200, 14400, 28800, 86400],
        });

    public static readonly Counter Sessions = Prometheus.Metrics.CreateCounter(
        "support_sessions_total", "Sessions by outcome.",
        new CounterConfiguration { LabelNames = ["tenant", "skill", "outcome"] });

    public static readonly Counter SessionsCreated = Prometheus.Metrics.CreateCounter(
        "support_sessions_created_total", "Sessions started by visitors.",
        new CounterConfiguration { LabelNames = TenantSkill });

    public static readonly Counter SlaBreaches = Prometheus.Metrics.CreateCounter(
        "support_sla_breaches_total", "SLA breaches by kind (first_response, resolution).",
        new CounterConfiguration { LabelNames = ["tenant", "skill", "kind"] });

    public static readonly Counter Offers = Prometheus.Metrics.CreateCounter(
        "support_offers_total", "Offers made to agents and how they ended (offered, accepted, lapsed, refused).",
        new CounterConfiguration { LabelNames = ["tenant", "skill", "outcome"] });

    public static readonly Counter DeadLetters = Prometheus.Metrics.CreateCounter(
        "support_dead_letters_total", "Events received on the dead-letter topic.",
        new CounterConfiguration { LabelNames = ["pubsub"] });

    // The gauges below are set by the tenant's RouterActor in whichever replica hosts it, and removed when it
    // deactivates there, so a moved router is never counted twice or left stale (RouterGauges).
    public static readonly Gauge AgentLoad = Prometheus.Metrics.CreateGauge(
        "support_agent_load", "Sessions held by online agents with the skill.",
        new GaugeConfiguration { LabelNames = TenantSkill });

    public static readonly Gauge Agents = Prometheus.Metrics.CreateGauge(
        "support_agents", "Agents known to routing, by presence.",
        new GaugeConfiguration { LabelNames = ["tenant", "presence"] });

    public static readonly Gauge QueueWaiting = Prometheus.Metrics.CreateGauge(
        "support_queue_waiting", "Sessions waiting in a skill queue (not holding an offer).",
        new GaugeConfiguration { LabelNames = TenantSkill });

    public static readonly Gauge QueueOldest = Prometheus.Metrics.CreateGauge(
        "support_queue_oldest_enqueued_timestamp_seconds",
        "Unix time the longest-waiting session of the queue was queued (its wait is time() minus this).",
        new GaugeConfiguration { LabelNames = TenantSkill });

    public static readonly Gauge SlaTargetSeconds = Prometheus.Metrics.CreateGauge(
        "support_sla_target_seconds",
        "The skill group's configured target (kind first_response, queue_wait, resolution).",
        new GaugeConfiguration { LabelNames = ["tenant", "skill", "kind"] });

    public static readonly Gauge SlaTargetRatio = Prometheus.Metrics.CreateGauge(
        "support_sla_target_ratio", "The skill group's configured target ratio (kind resolution_rate).",
        new GaugeConfiguration { LabelNames = ["tenant", "skill", "kind"] });

    /// <summary>
    /// The steps of one timeline append inside the session actor's turn (history commit, state save, publish).
    /// </summary>
    public static readonly Histogram AppendStep = Prometheus.Metrics.CreateHistogram(
        "support_append_step_seconds", "Time of each step of a timeline append in the session actor.",
        new HistogramConfiguration
        {
            LabelNames = ["step"],
            Buckets = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1],
        });

    public static class AppendSteps
    {
        public const string History = "history";
        public const string State = "state";
        public const string Publish = "publish";
    }

    public static class OfferOutcomes
    {
        public const string Offered = "offered";
        public const string Accepted = "accepted";
        public const string Lapsed = "lapsed";
        public const string Refused = "refused";
    }

    public static class Outcomes
    {
        public const string Assigned = "assigned";
        public const string Resolved = "resolved";
        public const string Abandoned = "abandoned";
        public const string Transferred = "transferred";
    }
}
