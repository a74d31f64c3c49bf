using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Grpc.Core;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// One sidecar's counters, with daprd's metric names and labels (<see cref="DaprMetricNames"/>), written in the
/// Prometheus text format as daprd's metrics port serves them. A series appears once it has counted something, as an
/// OpenCensus view row does. Labels are written sorted by name, as the Prometheus client does.
/// </summary>
public sealed class SidecarMetrics(string appId, string @namespace = SidecarMetrics.DefaultNamespace)
{
    /// <summary>Self-hosted daprd's namespace without <c>NAMESPACE</c> set (pkg/security <c>CurrentNamespace</c>).</summary>
    public const string DefaultNamespace = "default";

    private readonly ConcurrentDictionary<Series, Counter> _series = new();

    public string AppId { get; } = appId;

    /// <summary>
    /// The Configuration's <c>spec.metric.enabled</c> (default true): when false daprd registers no views, so its
    /// metrics port answers with no dapr series.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>A request the HTTP API answered (any status, the API token check's 401 included).</summary>
    public void HttpServerRequest(string method, string path, int status) =>
        Count(DaprMetricNames.HttpServerRequestCount,
            ("app_id", AppId), ("method", MetricPaths.Method(method)), ("path", MetricPaths.Label(path)), ("status", Status(status)));

    /// <summary>A call on the app channel; <paramref name="status"/> 500 when the app could not be reached.</summary>
    public void AppChannelCall(string method, string path, int status) =>
        Count(DaprMetricNames.HttpClientCompletedCount,
            ("app_id", AppId), ("method", MetricPaths.Method(method)), ("path", MetricPaths.Label(path)), ("status", Status(status)));

    /// <summary>An RPC the gRPC API completed (one past the API token check).</summary>
    public void GrpcServerRpc(string fullMethod, StatusCode status) =>
        Count(DaprMetricNames.GrpcServerCompletedRpcs,
            ("app_id", AppId), ("grpc_server_method", fullMethod), ("grpc_server_status", GrpcStatus(status)));

    /// <summary>One delivery attempt into the app: <paramref name="processStatus"/> success, retry or drop.</summary>
    public void PubsubIngress(string component, string topic, string processStatus, string? status = null) =>
        Count(DaprMetricNames.PubsubIngressCount,
            ("app_id", AppId), ("component", component), ("namespace", @namespace), ("process_status", processStatus),
            ("status", status ?? processStatus), ("topic", topic));

    /// <summary>One publish through the API.</summary>
    public void PubsubEgress(string component, string topic, bool success) =>
        Count(DaprMetricNames.PubsubEgressCount,
            ("app_id", AppId), ("component", component), ("namespace", @namespace), ("success", success ? "true" : "false"),
            ("topic", topic));

    /// <summary>
    /// One bulk publish call. daprd's per-event bulk egress counter is never registered as a view
    /// (<c>component_monitoring.go</c> <c>Init</c>), so only the call count is exported.
    /// </summary>
    public void PubsubEgressBulk(string component, string topic, bool success) =>
        Count(DaprMetricNames.PubsubEgressBulkCount,
            ("app_id", AppId), ("component", component), ("namespace", @namespace), ("success", success ? "true" : "false"),
            ("topic", topic));

    /// <summary>One state API call on a store (<see cref="StateOperations"/>), counted whether or not the store call succeeded.</summary>
    public void StateInvoked(string component, string operation, bool success) =>
        Count(DaprMetricNames.StateCount,
            ("app_id", AppId), ("component", component), ("namespace", @namespace), ("operation", operation),
            ("success", success ? "true" : "false"));

    /// <summary>The value of one series (0 when it has not counted yet); labels in any order.</summary>
    public long Value(string name, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sorted = labels.OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
        return _series.TryGetValue(new Series(name, Key(sorted)), out var counter) ? Interlocked.Read(ref counter.Value) : 0;
    }

    /// <summary>The Prometheus text exposition (version 0.0.4) of every series counted so far.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var family in _series.OrderBy(s => s.Key.Name, StringComparer.Ordinal).ThenBy(s => s.Key.Labels, StringComparer.Ordinal)
                     .GroupBy(s => s.Key.Name))
        {
            text.Append("# HELP ").Append(family.Key).Append(' ').Append(DaprMetricNames.Help(family.Key)).Append('\n');
            text.Append("# TYPE ").Append(family.Key).Append(" counter\n");
            foreach (var (series, counter) in family)
            {
                text.Append(series.Name).Append('{').Append(series.Labels).Append("} ")
                    .Append(Interlocked.Read(ref counter.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Go's <c>codes.Code.String()</c>: the .NET names, but <c>Canceled</c> with one l.</summary>
    public static string GrpcStatus(StatusCode status) => status == StatusCode.Cancelled ? "Canceled" : status.ToString();

    private static string Status(int status) => status.ToString(CultureInfo.InvariantCulture);

    private void Count(string name, params (string Name, string Value)[] sortedLabels)
    {
        if (!Enabled)
        {
            return;
        }

        var counter = _series.GetOrAdd(new Series(name, Key(sortedLabels)), static _ => new Counter());
        Interlocked.Increment(ref counter.Value);
    }

    private static string Key((string Name, string Value)[] sortedLabels)
    {
        var key = new StringBuilder();
        foreach (var (label, value) in sortedLabels)
        {
            if (key.Length > 0)
            {
                key.Append(',');
            }

            key.Append(label).Append("=\"").Append(Escape(value)).Append('"');
        }

        return key.ToString();
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private readonly record struct Series(string Name, string Labels);

    private sealed class Counter
    {
        public long Value;
    }
}
