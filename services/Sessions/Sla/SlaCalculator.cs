using DaprSupport.Contracts.Sla;
using HdrHistogram;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// The figures of a ledger over the window ending now (pure): percentiles from an HdrHistogram of the window's
/// durations in milliseconds (3 significant digits, reported to 0.1 s; the value at a percentile is the nearest rank:
/// P90 of ten measurements is the ninth smallest), the resolution rate as resolved / (resolved + abandoned), and the
/// breaches counted by when they happened.
/// </summary>
public static class SlaCalculator
{
    /// <summary>Durations above a week are counted as a week.</summary>
    private static readonly long HighestMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;

    public static SlaReport Report(SlaLedger ledger, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var cutoff = now - window;
        var samples = ledger.Samples.Where(s => s.At > cutoff && s.At <= now).ToList();
        var skills = samples.GroupBy(s => s.Skill, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Figures(g.Key, [.. g]))
            .ToList();
        var chats = ledger.Chats.Values.OrderBy(c => c.Since).ThenBy(c => c.SessionId, StringComparer.Ordinal).ToList();
        return new SlaReport(now, (int)window.TotalSeconds, Figures(null, samples), skills, chats);
    }

    public static SlaFigures Figures(string? skill, IReadOnlyList<SlaSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var waits = Of(samples, SlaEventKinds.Assigned);
        var responses = Of(samples, SlaEventKinds.FirstResponse);
        var resolved = Of(samples, SlaEventKinds.Resolved).Count;
        var abandoned = Of(samples, SlaEventKinds.Abandoned).Count;
        return new SlaFigures(
            skill,
            waits.Count,
            responses.Count,
            Percentile(responses, 90),
            Percentile(waits, 95),
            resolved,
            abandoned,
            resolved + abandoned == 0 ? null : (double)resolved / (resolved + abandoned),
            Of(samples, SlaEventKinds.FirstResponseBreached).Count,
            Of(samples, SlaEventKinds.ResolutionBreached).Count);
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100) in seconds; null for no values.</summary>
    public static double? Percentile(IReadOnlyCollection<double> seconds, double percentile)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0)
        {
            return null;
        }

        var histogram = new LongHistogram(HighestMs, 3);
        foreach (var value in seconds)
        {
            histogram.RecordValue(Math.Clamp((long)Math.Round(value * 1000), 0, HighestMs));
        }

        // The middle of the value's bucket (within 0.05 % of the recorded value), to 0.1 s.
        return Math.Round(histogram.MedianEquivalentValue(histogram.GetValueAtPercentile(percentile)) / 1000.0, 1);
    }

    private static List<double> Of(IEnumerable<SlaSample> samples, string kind) =>
        [.. samples.Where(s => s.Kind == kind).Select(s => s.Seconds)];
}
