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
        "support_queue_wait_seconds", "Time from queued to assigned.",
        new HistogramConfiguration { LabelNames = TenantSkill, Buckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, 1800] });

    public static readonly Histogram FirstResponse = Prometheus.Metrics.CreateHistogram(
        "support_first_response_seconds", "Time from assignment to the agent's first text.",
        new HistogramConfiguration { LabelNames = TenantSkill, Buckets = [1, 2, 5, 10, 15, 20, 25, 30, 40, 45, 50, 60, 90, 120, 180, 300, 600] });

    public static readonly Histogram Resolution = Prometheus.Metrics.CreateHistogram(
        "support_resolution_seconds", "Time from creation to resolution.",
        new HistogramConfiguration { LabelNames = TenantSkill, Buckets = [30, 60, 120, 300, 600, 900, 1200, 1500, 1800, 2400, 3600, 5400, 7200, 14400, 28800, 86400] });

    public static readonly Counter Sessions = Prometheus.Metrics.CreateCounter(
        "support_sessions_total", "Sessions by outcome.",
        new CounterConfiguration { LabelNames = ["tenant", "skill", "outcome"] });

    public static readonly Gauge AgentLoad = Prometheus.Metrics.CreateGauge(
        "callcenter_agent_load", "Active sessions held by online agents with the skill.",
        new GaugeConfiguration { LabelNames = TenantSkill });

    public static readonly Gauge Backlog = Prometheus.Metrics.CreateGauge(
        "callcenter_ticket_backlog", "Sessions waiting in a queue, by priority.",
        new GaugeConfiguration { LabelNames = ["tenant", "queue", "priority"] });

    /// <summary>Events no subscriber could process, received on the dead-letter topic (by the pub/sub component they arrived on).</summary>
    public static readonly Counter DeadLetters = Prometheus.Metrics.CreateCounter(
        "support_dead_letters_total", "Events received on the dead-letter topic.",
        new CounterConfiguration { LabelNames = ["pubsub"] });

    /// <summary>The steps of one timeline append inside the session actor's turn (history commit, state save, publish).</summary>
    public static readonly Histogram AppendStep = Prometheus.Metrics.CreateHistogram(
        "support_append_step_seconds", "Time of each step of a timeline append in the session actor.",
        new HistogramConfiguration { LabelNames = ["step"], Buckets = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1] });

    public static class AppendSteps
    {
        public const string History = "history";
        public const string State = "state";
        public const string Publish = "publish";
    }

    public static class Outcomes
    {
        public const string Resolved = "resolved";
        public const string Abandoned = "abandoned";
        public const string Transferred = "transferred";
    }
}
