using System.Diagnostics;
using HdrHistogram;

namespace DaprSupport.LoadGen.Tests;

public class ScheduleAndReportTests
{
    [Fact]
    public void Each_message_is_due_at_its_slot_of_the_schedule_however_late_the_one_before_went()
    {
        var schedule = OpenLoop.For(ratePerSecond: 4, TimeSpan.FromSeconds(10), start: 1_000);

        Assert.Equal(40, schedule.Count);
        Assert.Equal(Stopwatch.Frequency / 4, schedule.Interval);
        Assert.Equal(1_000 + (39 * (Stopwatch.Frequency / 4)), schedule.Due(39));
        Assert.Equal(1, OpenLoop.For(0.01, TimeSpan.FromSeconds(1), 0).Count);
    }

    [Fact]
    public async Task The_latency_distribution_is_written_as_hgrm_in_milliseconds()
    {
        var histogram = new LongHistogram(1, 60_000_000, 3);
        histogram.RecordValue(2_000);
        histogram.RecordValue(40_000);
        var file = new FileInfo(Path.Combine(Path.GetTempPath(), $"loadgen-{Guid.NewGuid():N}.hgrm"));
        var options = new CommonOptions(new Uri("http://127.0.0.1:8080"), "demo", "key", TimeSpan.FromSeconds(1), null, null) { Hgrm = file };
        try
        {
            var exit = await Report.WriteAsync(options, new LoadResult("chat", [], histogram, Passed: true), CancellationToken.None);

            var text = await File.ReadAllTextAsync(file.FullName);
            Assert.Equal(0, exit);
            Assert.Contains("Value     Percentile TotalCount", text, StringComparison.Ordinal);
            var max = text.Split('\n').Single(l => l.StartsWith("#[Max", StringComparison.Ordinal));
            Assert.Contains("40.0", max, StringComparison.Ordinal);
        }
        finally
        {
            file.Delete();
        }
    }
}
