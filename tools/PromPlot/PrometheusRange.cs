using System.Globalization;
using System.Text.Json;

namespace DaprSupport.PromPlot;

/// <summary>One series of a range query: its labels and (unix seconds, value) points.</summary>
public sealed record RangeSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(double Time, double Value)> Points);

/// <summary>Prometheus's HTTP API <c>GET /api/v1/query_range</c> (docs: prometheus.io/docs/prometheus/latest/querying/api).</summary>
public sealed class PrometheusRange(HttpClient http)
{
    public async Task<IReadOnlyList<RangeSeries>> QueryAsync(string expr, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={start.ToUnixTimeSeconds()}&end={end.ToUnixTimeSeconds()}&step={step.TotalSeconds}s");
        using var response = await http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Parse(body, expr);
    }

    /// <summary>The series of a query_range answer; an error answer throws with Prometheus's message.</summary>
    public static IReadOnlyList<RangeSeries> Parse(string body, string expr)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus rejected '{expr}': {root.GetProperty("error").GetString()}");
        }

        var series = new List<RangeSeries>();
        foreach (var item in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var points = new List<(double, double)>();
            foreach (var pair in item.GetProperty("values").EnumerateArray())
            {
                // Prometheus writes NaN and ±Inf as "NaN", "+Inf", "-Inf": gaps in the plot.
                if (double.TryParse(pair[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    points.Add((pair[0].GetDouble(), value));
                }
            }

            series.Add(new RangeSeries(labels, points));
        }

        return series;
    }
}
