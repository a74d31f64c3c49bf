using System.Globalization;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// When a timer or reminder fires: first at <see cref="FirstFire"/>, then every <see cref="Period"/> (if any) until
/// <see cref="Repetitions"/> fires have happened or <see cref="ExpiresAt"/> has passed.
/// </summary>
internal sealed record ActorSchedule(DateTimeOffset FirstFire, TimeSpan? Period, int? Repetitions, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// Parses daprd's <c>dueTime</c> (RFC 3339 instant, Go or ISO 8601 duration; empty = now), <c>period</c> (Go or
    /// ISO 8601 duration, or <c>R&lt;n&gt;/&lt;ISO duration&gt;</c>; empty = fire once) and <c>ttl</c> (RFC 3339
    /// instant, Go or ISO 8601 duration), relative to <paramref name="registeredAt"/>.
    /// </summary>
    public static ActorSchedule Parse(string? dueTime, string? period, string? ttl, DateTimeOffset registeredAt)
    {
        var first = string.IsNullOrEmpty(dueTime) ? registeredAt : ParseInstantOrDuration(dueTime, registeredAt, "dueTime");

        TimeSpan? every = null;
        int? repetitions = null;
        if (!string.IsNullOrEmpty(period))
        {
            var text = period;
            if (text.StartsWith('R'))
            {
                // dapr/kit v0.17.0 ParseISO8601Duration: R<n>/ is followed by an ISO 8601 duration, never a Go one.
                var slash = text.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0 || !int.TryParse(text.AsSpan(1, slash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    || !text.AsSpan(slash + 1).StartsWith("P", StringComparison.Ordinal))
                {
                    throw new FormatException($"unsupported ISO8601 duration format \"{period}\"");
                }

                repetitions = n;
                text = text[(slash + 1)..];
            }

            if (!ActorDurations.TryParseDuration(text, out var span))
            {
                throw new FormatException($"unsupported time/duration format \"{period}\"");
            }

            if (span > TimeSpan.Zero)
            {
                every = span;
            }
        }

        if (repetitions == 0)
        {
            throw new FormatException($"repetitions in period \"{period}\" must be at least 1");
        }

        DateTimeOffset? expires = string.IsNullOrEmpty(ttl) ? null : ParseInstantOrDuration(ttl, first, "ttl");
        if (expires is { } e && e < first)
        {
            throw new FormatException($"ttl {ttl} expires before the due time");
        }

        return new ActorSchedule(first, every, every is null ? 1 : repetitions, expires);
    }

    /// <summary>
    /// A reminder's period as the Scheduler takes it (dapr/dapr v1.17.0 <c>pkg/actors/internal/scheduler/scheduler.go</c>
    /// <c>scheduleFromPeriod</c>): null for a one-shot reminder, else the interval of its <c>@every</c> schedule. A
    /// period with years, months, weeks or days, or one dapr/kit cannot read, fails the registration (500
    /// <c>ERR_ACTOR_REMINDER_CREATE</c>, "unsupported period format").
    /// </summary>
    public static TimeSpan? ReminderEvery(string? period)
    {
        if (string.IsNullOrEmpty(period))
        {
            return null;
        }

        var slash = period.StartsWith('R') ? period.IndexOf('/', StringComparison.Ordinal) : -1;
        var text = slash >= 0 ? period[(slash + 1)..] : period;
        try
        {
            var schedule = Parse(null, period, null, DateTimeOffset.UnixEpoch);
            if (ActorDurations.HasCalendarPart(text))
            {
                throw new FormatException(period);
            }

            return schedule.Period ?? TimeSpan.Zero;
        }
        catch (FormatException)
        {
            throw new FormatException($"unsupported period format: {period}");
        }
    }

    private static DateTimeOffset ParseInstantOrDuration(string text, DateTimeOffset from, string field)
    {
        if (ActorDurations.TryParseDuration(text, out var span))
        {
            return from + (span < TimeSpan.Zero ? TimeSpan.Zero : span);
        }

        if (text.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        throw new FormatException($"error parsing {field}: unsupported time/duration format \"{text}\"");
    }
}
