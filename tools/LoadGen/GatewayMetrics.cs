namespace DaprSupport.LoadGen;

/// <summary>Reads the gateway's Prometheus /metrics (prometheus-net's process and .NET runtime metrics, the gateway's own).</summary>
public static class GatewayMetrics
{
    /// <summary>The metric's value, summed over all its label sets; null when the scrape does not have it.</summary>
    public static double? Sum(IReadOnlyList<PromSample> samples, string metric)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double? sum = null;
        foreach (var sample in samples)
        {
            if (sample.Name == metric)
            {
                sum = (sum ?? 0) + sample.Value;
            }
        }

        return sum;
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
