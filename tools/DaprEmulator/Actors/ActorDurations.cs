using System.Globalization;
using System.Text.RegularExpressions;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// The time formats daprd accepts for actor timers, reminders and <c>/dapr/config</c>: Go durations
/// (<c>1h0m30s0ms</c>, <c>500ms</c>), ISO 8601 durations (<c>PT2H30M</c>), ISO 8601 repetitions (<c>R5/PT1S</c>)
/// and RFC 3339 instants (<c>2020-10-02T15:00:00Z</c>).
/// </summary>
internal static partial class ActorDurations
{
    /// <summary>Parses a Go duration (<c>time.ParseDuration</c> syntax); false when it is not one.</summary>
    public static bool TryParseGo(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        double ticks = 0;
        while (!span.IsEmpty)
        {
            var numberEnd = 0;
            while (numberEnd < span.Length && (char.IsAsciiDigit(span[numberEnd]) || span[numberEnd] == '.'))
            {
                numberEnd++;
            }

            if (numberEnd == 0 || !double.TryParse(span[..numberEnd], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberEnd..];
            var unitEnd = 0;
            while (unitEnd < span.Length && !char.IsAsciiDigit(span[unitEnd]) && span[unitEnd] != '.')
            {
                unitEnd++;
            }

            double? unitTicks = span[..unitEnd] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (unitTicks is null)
            {
                return false;
            }

            ticks += number * unitTicks.Value;
            span = span[unitEnd..];
        }

        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Parses an ISO 8601 duration (<c>P1DT2H</c>, <c>PT0.5S</c>, <c>P2W</c>); false when it is not one.</summary>
    public static bool TryParseIso(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = IsoDuration().Match(text);
        if (!match.Success || text is "P" or "PT" || text.EndsWith('T'))
        {
            return false;
        }

        double Part(string name) => match.Groups[name].Success
            ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture)
            : 0;

        // Years and months as daprd counts them: 365 and 30 days.
        var days = (Part("y") * 365) + (Part("mo") * 30) + (Part("w") * 7) + Part("d");
        value = TimeSpan.FromDays(days) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("mi")) + TimeSpan.FromSeconds(Part("s"));
        return true;
    }

    /// <summary>A duration in either Go or ISO 8601 form.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value) =>
        TryParseGo(text, out value) || TryParseIso(text, out value);

    /// <summary>Formats a duration as the Dapr SDKs and daprd write it: <c>0h0m5s0ms</c>.</summary>
    public static string FormatGo(TimeSpan value) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h{value.Minutes}m{value.Seconds}s{value.Milliseconds}ms");

    [GeneratedRegex(@"^P(?:(?<y>\d+(?:\.\d+)?)Y)?(?:(?<mo>\d+(?:\.\d+)?)M)?(?:(?<w>\d+(?:\.\d+)?)W)?(?:(?<d>\d+(?:\.\d+)?)D)?(?:T(?:(?<h>\d+(?:\.\d+)?)H)?(?:(?<mi>\d+(?:\.\d+)?)M)?(?:(?<s>\d+(?:\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDuration();
}
