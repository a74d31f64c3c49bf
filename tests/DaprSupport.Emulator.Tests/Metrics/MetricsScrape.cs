using System.Globalization;
using System.Text.RegularExpressions;
using DaprSupport.DaprEmulator.Engine;

namespace DaprSupport.Emulator.Tests.Metrics;

/// <summary>Reads a sidecar's metrics port as Prometheus would, and the value of one series from the exposition.</summary>
internal static partial class MetricsScrape
{
    private static readonly HttpClient Http = new();

    public static Task<string> ReadAsync(Sidecar sidecar) =>
        Http.GetStringAsync(new Uri($"http://127.0.0.1:{sidecar.MetricsPort}/metrics"));

    /// <summary>The series' value, 0 when absent; <paramref name="labels"/> must be exactly its label set, in any order.</summary>
    public static double Value(string exposition, string name, params (string Name, string Value)[] labels)
    {
        var wanted = labels.Select(l => $"{l.Name}=\"{l.Value}\"").Order(StringComparer.Ordinal).ToList();
        foreach (Match match in SeriesLine().Matches(exposition))
        {
            if (match.Groups["name"].Value != name)
            {
                continue;
            }

            var have = LabelPair().Matches(match.Groups["labels"].Value).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
            if (have.SequenceEqual(wanted))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The sum over every series of a metric whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(string exposition, string name, params (string Name, string Value)[] labels)
    {
        var wanted = labels.Select(l => $"{l.Name}=\"{l.Value}\"").ToList();
        return SeriesLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == name)
            .Where(m => wanted.All(w => LabelPair().Matches(m.Groups["labels"].Value).Any(p => p.Value == w)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Polls the sidecar's counters until the series reaches the value (a delivery is counted after the app answers).</summary>
    public static async Task<string> UntilAsync(Sidecar sidecar, Func<string, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var text = await ReadAsync(sidecar);
            if (done(text))
            {
                return text;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    [GeneratedRegex("""^(?<name>[a-z_]+)\{(?<labels>.*)\} (?<value>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"[a-z_]+=""(?:[^""\\]|\\.)*""")]
    private static partial Regex LabelPair();
}
