using DaprSupport.Gateway.Realtime.Conversations;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary><see cref="TypingThrottle"/>: one typing signal per sender per session per 2 s.</summary>
public sealed class TypingThrottleTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void A_second_signal_within_the_interval_is_dropped_and_one_after_it_relayed()
    {
        var throttle = new TypingThrottle(_time);

        Assert.True(throttle.TryAdmit("acme", "visitor", "v1", "s1"));
        _time.Advance(TypingThrottle.Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(throttle.TryAdmit("acme", "visitor", "v1", "s1"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(throttle.TryAdmit("acme", "visitor", "v1", "s1"));
    }

    [Fact]
    public void Senders_and_sessions_are_throttled_apart()
    {
        var throttle = new TypingThrottle(_time);

        Assert.True(throttle.TryAdmit("acme", "visitor", "v1", "s1"));
        Assert.True(throttle.TryAdmit("acme", "visitor", "v1", "s2"));
        Assert.True(throttle.TryAdmit("acme", "agent", "v1", "s1"));
        Assert.True(throttle.TryAdmit("globex", "visitor", "v1", "s1"));
        Assert.False(throttle.TryAdmit("acme", "visitor", "v1", "s2"));
    }

    [Fact]
    public void A_dropped_signal_does_not_extend_the_interval()
    {
        var throttle = new TypingThrottle(_time);
        Assert.True(throttle.TryAdmit("acme", "agent", "a1", "s1"));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(throttle.TryAdmit("acme", "agent", "a1", "s1"));
        _time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.True(throttle.TryAdmit("acme", "agent", "a1", "s1"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
