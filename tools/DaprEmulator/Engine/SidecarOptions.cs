namespace DaprSupport.DaprEmulator.Engine;

/// <summary>One app's sidecar: the ports it opens and where its app listens.</summary>
public sealed record SidecarOptions(string AppId)
{
    /// <summary>The app's port; null for an app that only calls Dapr and receives nothing.</summary>
    public int? AppPort { get; init; }

    /// <summary>Only <c>http</c> is supported as the app channel protocol.</summary>
    public string AppProtocol { get; init; } = "http";

    /// <summary>The Dapr HTTP API port; 0 picks a free loopback port.</summary>
    public int HttpPort { get; init; }

    /// <summary>The Dapr gRPC API port; 0 picks a free loopback port.</summary>
    public int GrpcPort { get; init; }

    /// <summary>daprd's <c>--metrics-port</c> (the run file's <c>metricsPort</c>); 0 picks a free loopback port, as the CLI does for a value ≤ 0.</summary>
    public int MetricsPort { get; init; }

    /// <summary>daprd's <c>--app-health-check-path</c>.</summary>
    public string AppHealthCheckPath { get; init; } = "/healthz";

    /// <summary>daprd's <c>--enable-app-health-check</c> (off by default): probe the app, and stop deliveries while it is unhealthy.</summary>
    public bool EnableAppHealthCheck { get; init; }

    /// <summary>daprd's <c>--app-health-probe-interval</c>; null or ≤ 0 takes the default (5 s).</summary>
    public TimeSpan? AppHealthProbeInterval { get; init; }

    /// <summary>daprd's <c>--app-health-probe-timeout</c>; null or ≤ 0 takes the default (500 ms).</summary>
    public TimeSpan? AppHealthProbeTimeout { get; init; }

    /// <summary>daprd's <c>--app-health-threshold</c>; null or ≤ 0 takes the default (3).</summary>
    public int? AppHealthThreshold { get; init; }

    /// <summary>daprd's <c>--app-max-concurrency</c>: null or below 1 (the CLI's -1) is unlimited.</summary>
    public int? AppMaxConcurrency { get; init; }

    /// <summary>
    /// Whether this sidecar may be another instance of an app id that already has one (a replica, as a second
    /// <c>dapr run</c> with the same app id is); false refuses a second sidecar for the app id.
    /// </summary>
    public bool Replica { get; init; }

    /// <summary>daprd's <c>DAPR_API_TOKEN</c>: when set, its HTTP and gRPC APIs answer only callers presenting it.</summary>
    public string? DaprApiToken { get; init; }

    /// <summary>daprd's <c>APP_API_TOKEN</c>: when set, sent in <c>dapr-api-token</c> on every call into the app.</summary>
    public string? AppApiToken { get; init; }
}
