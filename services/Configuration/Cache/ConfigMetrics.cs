using Prometheus;

namespace DaprSupport.Configuration.Cache;

/// <summary>Configuration metrics on /metrics.</summary>
public static class ConfigMetrics
{
    /// <summary>
    /// Configuration versions a replica refused (bad signature, unknown key id, unreadable document).
    /// </summary>
    public static readonly Counter Rejected = Metrics.CreateCounter(
        "support_config_rejected_total",
        "Tenant configuration versions refused by this replica, by reason; the last good version stays in use.",
        new CounterConfiguration { LabelNames = ["tenant", "reason"] });

    /// <summary>Configuration versions applied to this replica's cache.</summary>
    public static readonly Counter Applied = Metrics.CreateCounter(
        "support_config_applied_total",
        "Tenant configuration versions applied by this replica, by how they arrived (event, poll, write).",
        new CounterConfiguration { LabelNames = ["source"] });
}
