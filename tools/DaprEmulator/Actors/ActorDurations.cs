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

    /// <summary>
    /// Parses an ISO 8601 duration (<c>P1DT2H</c>, <c>PT30S</c>, <c>P2W</c>); false when it is not one. Every part is a
    /// whole number, as dapr/kit v0.17.0 (<c>time/time.go</c>, <c>ParseISO8601Duration</c>, the parser daprd 1.17 uses
    /// for timer and reminder times) reads it with <c>strconv.Atoi</c>: <c>PT0.5S</c> is no duration there.
    /// </summary>
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

    /// <summary>
    /// Whether an ISO 8601 duration has years, months, weeks or days: the Scheduler takes none of them in a reminder's
    /// period (dapr/dapr v1.17.0 <c>pkg/actors/internal/scheduler/scheduler.go</c>, <c>scheduleFromPeriod</c>).
    /// </summary>
    public static bool HasCalendarPart(string text)
    {
        var match = IsoDuration().Match(text);
        return match.Success && new[] { "y", "mo", "w", "d" }.Any(g =>
            match.Groups[g].Success && long.Parse(match.Groups[g].Value, CultureInfo.InvariantCulture) > 0);
    }

    /// <summary>
    /// A duration as Go's <c>time.Duration.String</c> writes it: <c>100ms</c>, <c>1.5s</c>, <c>1m30s</c>, <c>1h0m0s</c>,
    /// <c>0s</c>. The Scheduler names a reminder's schedule <c>@every</c> and this.
    /// </summary>
    public static string GoString(TimeSpan value)
    {
        var ns = value.Ticks * 100;
        if (ns == 0)
        {
            return "0s";
        }

        if (ns < 1_000_000_000)
        {
            return ns switch
            {
                < 1_000 => $"{ns}ns",
                < 1_000_000 => Fraction(ns, 1_000, 3) + "µs",
                _ => Fraction(ns, 1_000_000, 6) + "ms",
            };
        }

        var seconds = ns / 1_000_000_000;
        var text = Fraction(ns % 60_000_000_000, 1_000_000_000, 9) + "s";
        var minutes = seconds / 60 % 60;
        var hours = seconds / 3600;
        return hours > 0 ? $"{hours}h{minutes}m{text}" : minutes > 0 ? $"{minutes}m{text}" : text;
    }

    private static string Fraction(long value, long unit, int digits)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var rest = value % unit;
        return rest == 0
            ? whole
            : whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    /// <summary>Formats a duration as the Dapr SDKs and daprd write it: <c>0h0m5s0ms</c>.</summary>
    public static string FormatGo(TimeSpan value) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}h{value.Minutes}m{value.Seconds}s{value.Milliseconds}ms");

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDuration();
}
