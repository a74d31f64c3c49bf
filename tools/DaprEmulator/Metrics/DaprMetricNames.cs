namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// The series daprd exports that the emulator emits: OpenCensus view names under the Prometheus namespace
/// <c>dapr</c>, <c>/</c> and <c>.</c> turned into <c>_</c> (dapr/dapr v1.17.0 <c>pkg/metrics/exporter.go</c>); every
/// one a count view, exported as a counter without a <c>_total</c> suffix. Help texts are the measures' descriptions.
/// </summary>
public static class DaprMetricNames
{
    /// <summary>Requests served by the HTTP API (<c>pkg/diagnostics/http_monitoring.go</c>): app_id, method, path, status.</summary>
    public const string HttpServerRequestCount = "dapr_http_server_request_count";

    /// <summary>Calls on the app channel (<c>http/client/completed_count</c>): app_id, method, path, status.</summary>
    public const string HttpClientCompletedCount = "dapr_http_client_completed_count";

    /// <summary>RPCs served by the gRPC API (<c>grpc_monitoring.go</c>): app_id, grpc_server_method, grpc_server_status.</summary>
    public const string GrpcServerCompletedRpcs = "dapr_grpc_io_server_completed_rpcs";

    /// <summary>Deliveries to the app (<c>component_monitoring.go</c>): app_id, component, namespace, process_status, status, topic.</summary>
    public const string PubsubIngressCount = "dapr_component_pubsub_ingress_count";

    /// <summary>Publishes (<c>component_monitoring.go</c>): app_id, component, namespace, success, topic.</summary>
    public const string PubsubEgressCount = "dapr_component_pubsub_egress_count";

    /// <summary>Bulk publish calls (<c>component_monitoring.go</c>): app_id, component, namespace, success, topic.</summary>
    public const string PubsubEgressBulkCount = "dapr_component_pubsub_egress_bulk_count";

    /// <summary>State API calls (<c>component_monitoring.go</c>): app_id, component, namespace, operation, success.</summary>
    public const string StateCount = "dapr_component_state_count";

    internal static string Help(string name) => name switch
    {
        HttpServerRequestCount => "Count of HTTP requests processed by the server.",
        HttpClientCompletedCount => "Count of completed requests",
        GrpcServerCompletedRpcs => "Distribution of bytes sent per RPC, by method.",
        PubsubIngressCount => "The number of incoming messages arriving from the pub/sub component.",
        PubsubEgressCount => "The number of outgoing messages published to the pub/sub component.",
        PubsubEgressBulkCount => "The number of bulk publish calls to the pub/sub component.",
        StateCount => "The number of operations performed on the state component.",
        _ => name,
    };
}
