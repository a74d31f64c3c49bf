using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Hours;
using FsCheck;
using FsCheck.Fluent;

namespace DaprSupport.Routing.Tests.Hours;

/// <summary>Opening hours as pure decisions: DST changes, windows past midnight, holidays.</summary>
public sealed class BusinessHoursRulesTests
{
    private static BusinessHoursRules Rules(string zone, string[] holidays, params (string Day, string Open, string Close)[] windows) =>
        BusinessHoursRules.From(new BusinessHours
        {
            TimeZone = zone,
            Weekly = [.. windows.Select(w => new WeeklyWindow(w.Day, w.Open, w.Close))],
            Holidays = [.. holidays],
        });

    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-12-07T07:59", false)] // 08:59 CET, Monday
    [InlineData("2026-12-07T08:00", true)]  // 09:00 CET
    [InlineData("2026-12-07T16:29", true)]  // 17:29 CET
    [InlineData("2026-12-07T16:30", false)] // 17:30 CET: the close is exclusive
    [InlineData("2026-07-06T06:59", false)] // 08:59 CEST, Monday in summer
    [InlineData("2026-07-06T07:00", true)]  // 09:00 CEST: the same wall-clock window one hour earlier in UTC
    [InlineData("2026-12-08T08:00", false)] // Tuesday: no window
    public void A_window_is_wall_clock_time_in_the_tenants_zone(string utc, bool open)
    {
        var rules = Rules("Europe/Berlin", [], ("monday", "09:00", "17:30"));

        Assert.Equal(open, rules.IsOpen(Utc(utc)));
    }

    [Theory]
    [InlineData("2026-12-04T20:59", false)] // Friday 21:59 CET
    [InlineData("2026-12-04T21:00", true)]  // Friday 22:00
    [InlineData("2026-12-04T23:30", true)]  // Saturday 00:30
    [InlineData("2026-12-05T00:59", true)]  // Saturday 01:59
    [InlineData("2026-12-05T01:00", false)] // Saturday 02:00
    [InlineData("2026-12-05T21:00", false)] // Saturday 22:00: the window is Friday's only
    public void A_close_before_the_open_runs_past_midnight(string utc, bool open)
    {
        var rules = Rules("Europe/Berlin", [], ("friday", "22:00", "02:00"));

        Assert.Equal(open, rules.IsOpen(Utc(utc)));
    }

    [Fact]
    public void Equal_open_and_close_is_a_whole_day()
    {
        var rules = Rules("UTC", [], ("sunday", "00:00", "00:00"));

        Assert.True(rules.IsOpen(Utc("2026-12-06T00:00")));
        Assert.True(rules.IsOpen(Utc("2026-12-06T23:59")));
        Assert.False(rules.IsOpen(Utc("2026-12-07T00:00")));
        Assert.False(rules.IsOpen(Utc("2026-12-05T23:59")));
    }

    [Fact]
    public void A_holiday_closes_its_whole_local_day_and_the_next_opening_skips_it()
    {
        var rules = Rules("Europe/Berlin", ["2026-12-07"], ("monday", "09:00", "17:30"));

        Assert.False(rules.IsOpen(Utc("2026-12-07T10:00")));
        Assert.True(rules.IsOpen(Utc("2026-12-14T10:00")));
        Assert.Equal(Utc("2026-12-14T08:00"), rules.NextOpening(Utc("2026-12-07T10:00")));
    }

    [Fact]
    public void A_holiday_closes_the_tail_of_the_window_that_opened_the_evening_before_and_vice_versa()
    {
        var saturdayOff = Rules("UTC", ["2026-12-05"], ("friday", "22:00", "02:00"));
        var fridayOff = Rules("UTC", ["2026-12-04"], ("friday", "22:00", "02:00"));

        Assert.True(saturdayOff.IsOpen(Utc("2026-12-04T23:00")));
        Assert.False(saturdayOff.IsOpen(Utc("2026-12-05T01:00")));
        Assert.False(fridayOff.IsOpen(Utc("2026-12-04T23:00")));
        Assert.True(fridayOff.IsOpen(Utc("2026-12-05T01:00")));
        Assert.Equal(Utc("2026-12-05T00:00"), fridayOff.NextOpening(Utc("2026-12-04T21:00")));
    }

    [Fact]
    public void An_opening_time_skipped_by_the_spring_forward_opens_when_the_clock_resumes()
    {
        // Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist that night.
        var rules = Rules("Europe/Berlin", [], ("sunday", "02:30", "05:00"));

        Assert.Equal(Utc("2026-03-29T01:00"), rules.NextOpening(Utc("2026-03-28T12:00")));
        Assert.False(rules.IsOpen(Utc("2026-03-29T00:59")));
        Assert.True(rules.IsOpen(Utc("2026-03-29T01:00")));
    }

    [Fact]
    public void An_opening_time_repeated_by_the_fall_back_opens_at_its_first_occurrence()
    {
        // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens at 00:30 and 01:30 UTC.
        var rules = Rules("Europe/Berlin", [], ("sunday", "02:30", "04:00"));

        Assert.Equal(Utc("2026-10-25T00:30"), rules.NextOpening(Utc("2026-10-24T12:00")));
        Assert.True(rules.IsOpen(Utc("2026-10-25T00:45")));
        Assert.False(rules.IsOpen(Utc("2026-10-25T00:15")));
    }

    [Fact]
    public void No_hours_is_always_open_and_no_windows_is_open_on_every_day_but_holidays()
    {
        var noWindows = Rules("UTC", ["2026-12-25"]);

        Assert.True(BusinessHoursRules.From(null).IsOpen(Utc("2026-12-25T03:00")));
        Assert.True(noWindows.IsOpen(Utc("2026-12-24T23:59")));
        Assert.False(noWindows.IsOpen(Utc("2026-12-25T12:00")));
        Assert.Equal(Utc("2026-12-26T00:00"), noWindows.NextOpening(Utc("2026-12-25T12:00")));
    }

    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static Gen<(string Day, string Open, string Close)> Window() =>
        from day in Gen.Elements(Days)
        from open in Gen.Choose(0, 95)
        from close in Gen.Choose(0, 95)
        select (day, Quarter(open), Quarter(close));

    private static string Quarter(int q) => $"{q / 4:00}:{q % 4 * 15:00}";

    /// <summary>
    /// For any zone, windows (past midnight too), holidays and instant in 2026–2027 (four DST changes per zone): the
    /// next opening is open, is not before the instant, and the tenant is closed from the instant until it.
    /// </summary>
    [Fact]
    public void The_next_opening_is_the_first_open_instant()
    {
        var cases =
            from zone in Gen.Elements(Zones)
            from windows in Gen.ArrayOf(Window())
            from holidayOffsets in Gen.ArrayOf(Gen.Choose(0, 729))
            from minute in Gen.Choose(0, 2 * 365 * 24 * 60)
            select (zone, windows, holidayOffsets, minute);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(cases), c =>
        {
            var start = new DateOnly(2026, 1, 1);
            var holidays = c.holidayOffsets.Select(o => start.AddDays(o).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var rules = Rules(c.zone, holidays, c.windows);
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(c.minute);

            var next = rules.NextOpening(at);

            Assert.NotNull(next);
            Assert.True(next >= at);
            Assert.True(rules.IsOpen(next.Value));
            for (var probe = at; probe < next.Value; probe = probe.AddMinutes(15))
            {
                Assert.False(rules.IsOpen(probe), $"open at {probe:O}, before the next opening {next:O}");
            }

            if (next > at)
            {
                Assert.False(rules.IsOpen(next.Value.AddMinutes(-1)));
            }
        }));
    }
}
