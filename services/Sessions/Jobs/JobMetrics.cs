using Prometheus;

namespace DaprSupport.Sessions.Jobs;

/// <summary>Singleton job metrics on /metrics.</summary>
public static class JobMetrics
{
    public static class Outcomes
    {
        public const string Succeeded = "succeeded";
        public const string Failed = "failed";

        /// <summary>The lease was held but the ledger refused the run (already run this period, or a newer
        /// token).</summary>
        public const string Fenced = "fenced";
    }

    public static readonly Counter Runs = Prometheus.Metrics.CreateCounter(
        "support_job_runs_total",
        "Singleton job runs on this replica, by job and outcome (succeeded, failed, fenced).",
        new CounterConfiguration { LabelNames = ["job", "outcome"] });
}
