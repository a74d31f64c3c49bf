using System.Globalization;

namespace DaprSupport.LoadGen;

/// <summary>Reads the gateway's Prometheus /metrics (prometheus-net's process and .NET runtime metrics, the gateway's own).</summary>
public static class GatewayMetrics
{
    private const string Closes = "support_gateway_closes_total";

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

    /// <summary>
    /// The gateway's closes by code between two scrapes of <c>support_gateway_closes_total</c>, with what the codes a
    /// load test runs into mean; "none" when it closed nothing.
    /// </summary>
    public static string DescribeCloses(IReadOnlyList<PromSample> before, IReadOnlyList<PromSample> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var inv = CultureInfo.InvariantCulture;
        Dictionary<string, double> ByCode(IEnumerable<PromSample> samples) => samples
            .Where(s => s.Name == Closes && s.Label("code") is not null)
            .GroupBy(s => s.Label("code")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        var was = ByCode(before);
        var closed = ByCode(after)
            .Select(c => (Code: c.Key, Count: c.Value - was.GetValueOrDefault(c.Key)))
            .Where(c => c.Count > 0)
            .OrderByDescending(c => c.Count)
            .Select(c => string.Create(inv, $"{c.Code} × {c.Count:0}{Hint(c.Code)}"))
            .ToList();
        return closed.Count == 0 ? "none" : string.Join("; ", closed);
    }

    private static string Hint(string code) => code switch
    {
        "4429" => " (a per-user or per-address connection cap: a test from one address needs "
            + "Gateway__MaxConnectionsPerAddress raised)",
        "4401" => " (token expired or refused)",
        "1006" => " (dropped without a close frame)",
        _ => string.Empty,
    };
}
