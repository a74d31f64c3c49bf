using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>Reads gauges from the gateway's Prometheus /metrics (prometheus-net's process and .NET runtime metrics).</summary>
public static class GatewayMetrics
{
    /// <summary>The gauge's value, summed over all its label sets; null when the gateway does not export it.</summary>
    public static async Task<double?> ReadAsync(HttpClient http, Uri gateway, string metric, CancellationToken ct)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(gateway, "/metrics"), ct);
            double? sum = null;
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || line[metric.Length] is not (' ' or '{'))
                {
                    continue;
                }

                if (double.TryParse(line.AsSpan(line.LastIndexOf(' ') + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    sum = (sum ?? 0) + value;
                }
            }

            return sum;
        }
        catch (HttpRequestException)
        {
            // No metrics: the figure is reported as unknown.
            return null;
        }
    }

    /// <summary>Every sample of the gateway's /metrics; none when it has no metrics.</summary>
    public static async Task<IReadOnlyList<PromSample>> ScrapeAsync(HttpClient http, Uri gateway, CancellationToken ct)
    {
        try
        {
            return PrometheusText.Parse(await http.GetStringAsync(new Uri(gateway, "/metrics"), ct));
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }
}
