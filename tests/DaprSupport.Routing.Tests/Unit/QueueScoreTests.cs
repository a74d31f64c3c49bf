using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>Queue order (issue 4): priority × priorityWeight + seconds waited, highest first; ties first-come-first-served.</summary>
public sealed class QueueScoreTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Higher_priority_goes_first_when_waits_are_equal()
    {
        var low = QueueScore.For(0, 60, T0, 1);
        var high = QueueScore.For(1, 60, T0, 2);
        Assert.True(high < low);
    }

    [Fact]
    public void Waiting_longer_than_one_priority_step_beats_priority()
    {
        // Waited 61 s at priority 0 (score 61) vs just arrived at priority 1 (score 60).
        var old = QueueScore.For(0, 60, T0, 1);
        var urgent = QueueScore.For(1, 60, T0.AddSeconds(61), 2);
        Assert.True(old < urgent);
        Assert.True(QueueScore.At(0, 60, T0, T0.AddSeconds(61)) > QueueScore.At(1, 60, T0.AddSeconds(61), T0.AddSeconds(61)));
    }

    [Fact]
    public void Equal_scores_are_first_come_first_served()
    {
        // Priority 1 arriving 60 s later scores exactly like priority 0: arrival order decides.
        var first = QueueScore.For(0, 60, T0, 7);
        var second = QueueScore.For(1, 60, T0.AddSeconds(60), 8);
        Assert.Equal(first.Key, second.Key);
        Assert.True(first < second);
    }

    [Fact]
    public void Sorting_matches_the_score_at_any_moment()
    {
        var entries = new[] { (P: 0, At: T0, Seq: 1L), (P: 2, At: T0.AddSeconds(30), Seq: 2L), (P: 1, At: T0.AddSeconds(5), Seq: 3L), (P: 0, At: T0.AddSeconds(1), Seq: 4L) };
        var now = T0.AddSeconds(100);
        var byKey = entries.OrderBy(e => QueueScore.For(e.P, 60, e.At, e.Seq)).Select(e => e.Seq).ToList();
        var byScore = entries.OrderByDescending(e => QueueScore.At(e.P, 60, e.At, now)).ThenBy(e => e.Seq).Select(e => e.Seq).ToList();
        Assert.Equal(byScore, byKey);
        Assert.Equal([2L, 3L, 1L, 4L], byKey);
    }

    [Fact]
    public void Score_is_priority_times_weight_plus_seconds_waited()
    {
        Assert.Equal(2 * 60 + 15, QueueScore.At(2, 60, T0, T0.AddSeconds(15)), 6);
    }
}
