using System.Globalization;
using DaprSupport.Configuration.Documents;

namespace DaprSupport.Configuration.Hours;

/// <summary>
/// A tenant's opening hours as pure decisions: whether it is open at an instant and when it next opens. Windows are
/// wall-clock times in the tenant's IANA time zone, so they follow its DST changes; a window whose close is not after
/// its open runs past midnight into the next day (<c>22:00</c>–<c>02:00</c>; equal times are 24 hours from the open,
/// so <c>00:00</c>–<c>00:00</c> is the whole day). A holiday closes its whole local day, the tail of a window that
/// opened the evening before included. No
/// weekly windows means open every (non-holiday) day; no business hours at all means always open.
/// </summary>
public sealed class BusinessHoursRules
{
    /// <summary>How far <see cref="NextOpening"/> looks ahead (a year of holidays and a week of windows).</summary>
    public const int LookAheadDays = 380;

    private readonly TimeZoneInfo _zone;
    private readonly List<Window> _windows;
    private readonly HashSet<DateOnly> _holidays;

    private BusinessHoursRules(TimeZoneInfo zone, List<Window> windows, HashSet<DateOnly> holidays)
    {
        _zone = zone;
        _windows = windows;
        _holidays = holidays;
    }

    /// <summary>Always open: a tenant without business hours.</summary>
    public static BusinessHoursRules AlwaysOpen { get; } = new(TimeZoneInfo.Utc, [], []);

    /// <summary>The rules of a validated <see cref="BusinessHours"/> section (null: always open).</summary>
    public static BusinessHoursRules From(BusinessHours? hours)
    {
        if (hours is null)
        {
            return AlwaysOpen;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone);
        var windows = hours.Weekly.Select(w => new Window(
            Enum.Parse<DayOfWeek>(w.Day, ignoreCase: true), Time(w.Open), Time(w.Close))).ToList();
        var holidays = hours.Holidays
            .Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        return new BusinessHoursRules(zone, windows, holidays);
    }

    public bool IsOpen(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, _zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (_holidays.Contains(day))
        {
            return false;
        }

        if (_windows.Count == 0)
        {
            return true;
        }

        var time = TimeOnly.FromDateTime(local);
        var yesterday = day.AddDays(-1).DayOfWeek;
        return _windows.Any(w =>
            (w.Day == day.DayOfWeek && time >= w.Open && (w.PastMidnight || time < w.Close))
            || (w.Day == yesterday && w.PastMidnight && time < w.Close));
    }

    /// <summary>
    /// The first instant at or after <paramref name="after"/> when the tenant is open (<paramref name="after"/> itself
    /// when open now); null when it does not open within <see cref="LookAheadDays"/>. An opening time that a DST change
    /// skips opens when the local clock resumes; one it repeats opens at its first occurrence.
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset after)
    {
        if (IsOpen(after))
        {
            return after;
        }

        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, _zone).DateTime);
        for (var d = 0; d <= LookAheadDays; d++)
        {
            var day = first.AddDays(d);
            var starts = _windows.Where(w => w.Day == day.DayOfWeek).Select(w => w.Open).Append(TimeOnly.MinValue);
            var opening = starts.Select(t => ToInstant(day.ToDateTime(t)))
                .Where(i => i > after && IsOpen(i))
                .Order()
                .FirstOrDefault();
            if (opening != default)
            {
                return opening;
            }
        }

        return null;
    }

    /// <summary>
    /// The instant a local wall-clock time names: the end of the gap when a DST change skips it, the first of the two
    /// when one repeats it.
    /// </summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = _zone.IsAmbiguousTime(local)
            ? _zone.GetAmbiguousTimeOffsets(local).Max()
            : _zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    private static TimeOnly Time(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    private readonly record struct Window(DayOfWeek Day, TimeOnly Open, TimeOnly Close)
    {
        public bool PastMidnight => Close <= Open;
    }
}
