namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// The label values daprd's HTTP metrics use with its default <c>increasedCardinality: true</c> (the "legacy" path
/// label, dapr/dapr v1.17.0 <c>pkg/diagnostics/http_monitoring_legacy.go</c> and <c>…_path_matching.go</c>): double
/// slashes merged and a leading slash added; an actor id replaced by <c>{id}</c>; a state or secret key dropped; any
/// other path (service invocation, publish) kept whole.
/// </summary>
public static class MetricPaths
{
    private static readonly HashSet<string> HttpVerbs = new(StringComparer.Ordinal)
    {
        "GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
    };

    /// <summary>daprd's <c>getMetricsMethod</c>: a verb outside the standard nine is <c>UNKNOWN</c>.</summary>
    public static string Method(string method) => HttpVerbs.Contains(method) ? method : "UNKNOWN";

    /// <summary>daprd's <c>convertPathToMetricLabel</c>.</summary>
    public static string Label(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        path = Normalize(path);
        var parts = path[1..].Split('/', 6);
        if (parts.Length < 3)
        {
            return path;
        }

        // An app-channel actor call ("actors/T/id/method/m"): daprd joins without the leading slash.
        if (parts[0] == "actors")
        {
            parts[2] = "{id}";
            return string.Join('/', parts);
        }

        switch (parts[1])
        {
            case "state" or "secrets":
                return "/" + string.Join('/', parts[..3]);
            case "actors" when parts.Length >= 5:
                parts[3] = "{id}";
                return "/" + string.Join('/', parts[..5]);
            case "workflows":
                return Workflow(parts, path);
            default:
                return path;
        }
    }

    /// <summary>daprd's <c>NormalizeHTTPPath</c>: double slashes merged, a leading slash ensured.</summary>
    public static string Normalize(string path)
    {
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path.StartsWith('/') ? path : "/" + path;
    }

    private static string Workflow(string[] parts, string path)
    {
        if (parts.Length < 4)
        {
            return path;
        }

        if (parts.Length == 4)
        {
            parts[3] = "{instanceId}";
            return "/" + string.Join('/', parts[..4]);
        }

        if (parts.Length == 5 && parts[4].StartsWith("start", StringComparison.Ordinal))
        {
            return "/" + string.Join('/', parts[..4]) + "/start";
        }

        parts[3] = "{instanceId}";
        if (parts.Length == 6 && parts[4] == "raiseEvent" && parts[5].Length > 0)
        {
            parts[5] = "{eventName}";
            return "/" + string.Join('/', parts[..6]);
        }

        return "/" + string.Join('/', parts[..5]);
    }
}
