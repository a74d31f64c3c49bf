using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>Reads one gauge from the gateway's Prometheus /metrics (prometheus-net's process and .NET metrics).</summary>
public static class GatewayMetrics
{
    public static async Task<double?> ReadAsync(HttpClient http, Uri gateway, string metric, CancellationToken ct)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(gateway, "/metrics"), ct);
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(metric + " ", StringComparison.Ordinal)
                    && double.TryParse(line.AsSpan(metric.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (HttpRequestException)
        {
            // No metrics: the figure is reported as unknown.
        }

        return null;
    }
}
