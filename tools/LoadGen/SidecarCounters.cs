namespace DaprSupport.LoadGen;

/// <summary>
/// daprd's counters of every sidecar of the run, scraped from their metrics ports (the emulator serves the same
/// series as daprd: docs/emulator-fidelity.md, "Metrics"). Sidecar interactions are the requests each sidecar's API
/// served (HTTP and gRPC) plus the calls it made into its app.
/// </summary>
public sealed class SidecarCounters
{
    public const string HttpServer = "dapr_http_server_request_count";
    public const string GrpcServer = "dapr_grpc_io_server_completed_rpcs";
    public const string AppChannel = "dapr_http_client_completed_count";
    public const string Egress = "dapr_component_pubsub_egress_count";
    public const string BulkEgress = "dapr_component_pubsub_egress_bulk_count";
    public const string Ingress = "dapr_component_pubsub_ingress_count";
    public const string State = "dapr_component_state_count";

    private SidecarCounters(Dictionary<string, double> series) => Series = series;

    /// <summary>Every counted series, keyed <c>name{labels}</c>.</summary>
    public IReadOnlyDictionary<string, double> Series { get; }

    public static SidecarCounters From(IEnumerable<string> expositions)
    {
        ArgumentNullException.ThrowIfNull(expositions);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in expositions.SelectMany(PrometheusText.Parse))
        {
            if (sample.Name is HttpServer or GrpcServer or AppChannel or Egress or BulkEgress or Ingress or State)
            {
                var key = $"{sample.Name}{{{sample.Labels}}}";
                series[key] = series.GetValueOrDefault(key) + sample.Value;
            }
        }

        return new SidecarCounters(series);
    }

    /// <summary>What each series counted between <paramref name="before"/> and <paramref name="after"/> (a series new in after counts whole).</summary>
    public static SidecarCounters Delta(SidecarCounters before, SidecarCounters after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new SidecarCounters(after.Series
            .Select(s => (s.Key, Value: s.Value - before.Series.GetValueOrDefault(s.Key)))
            .Where(s => s.Value > 0)
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal));
    }

    public double Sum(string metric) =>
        Series.Where(s => s.Key.StartsWith(metric + "{", StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary>The sum over the metric's series that carry <c>label="value"</c>.</summary>
    public double Sum(string metric, string label, string value) =>
        Series.Where(s => s.Key.StartsWith(metric + "{", StringComparison.Ordinal) && s.Key.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            .Sum(s => s.Value);

    /// <summary>API requests served (HTTP and gRPC) and app-channel calls: every time a sidecar was involved.</summary>
    public double Interactions => Sum(HttpServer) + Sum(GrpcServer) + Sum(AppChannel);

    /// <summary>The series that counted most, for "where the interactions go".</summary>
    public IEnumerable<(string Series, double Value)> Top(int count) =>
        Series.Where(s => s.Key.StartsWith(HttpServer, StringComparison.Ordinal) || s.Key.StartsWith(GrpcServer, StringComparison.Ordinal)
                          || s.Key.StartsWith(AppChannel, StringComparison.Ordinal))
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(count).Select(s => (s.Key, s.Value));
}
