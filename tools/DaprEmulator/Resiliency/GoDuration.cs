using System.Globalization;
using System.Text.RegularExpressions;

namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>Durations as Go's <c>time.ParseDuration</c> reads them (<c>5s</c>, <c>100ms</c>, <c>1m30s</c>, <c>1.5h</c>).</summary>
public static partial class GoDuration
{
    public static TimeSpan Parse(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var matches = Part().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new FormatException($"{what}: '{value}' is not a duration (examples: 5s, 100ms, 1m30s).");
        }

        double ticks = 0;
        foreach (Match m in matches)
        {
            var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * m.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
