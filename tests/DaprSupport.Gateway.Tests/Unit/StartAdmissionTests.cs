using DaprSupport.Gateway.Realtime.Conversations;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="StartAdmission"/>: per tenant, a bounded number of starts in flight and a short queue; beyond them a
/// refusal at once, and a queued start is refused after the queue timeout — never a hang.
/// </summary>
public sealed class StartAdmissionTests
{
    private static StartAdmission Admission(int maxInFlight, int queueLimit, TimeSpan? queueTimeout = null) =>
        new(Options.Create(new StartAdmissionOptions
        {
            MaxInFlight = maxInFlight,
            QueueLimit = queueLimit,
            QueueTimeout = queueTimeout ?? TimeSpan.FromSeconds(30),
            RetryAfter = TimeSpan.FromSeconds(1),
        }), TimeProvider.System);

    [Fact]
    public async Task Over_the_limit_and_queue_a_start_is_refused_at_once_with_a_retry_after_and_tenants_are_apart()
    {
        using var admission = Admission(maxInFlight: 1, queueLimit: 0);

        using var first = await admission.EnterAsync("acme", CancellationToken.None);
        using var refused = await admission.EnterAsync("acme", CancellationToken.None);
        using var other = await admission.EnterAsync("globex", CancellationToken.None);

        Assert.True(first.Admitted);
        Assert.False(refused.Admitted);
        Assert.InRange(refused.RetryAfterMs!.Value, 1000, 2000);
        Assert.True(other.Admitted);
        first.Dispose();
        using var after = await admission.EnterAsync("acme", CancellationToken.None);
        Assert.True(after.Admitted);
    }

    [Fact]
    public async Task A_queued_start_gets_the_next_free_slot_in_arrival_order()
    {
        using var admission = Admission(maxInFlight: 1, queueLimit: 2);
        var first = await admission.EnterAsync("acme", CancellationToken.None);

        var second = admission.EnterAsync("acme", CancellationToken.None).AsTask();
        var third = admission.EnterAsync("acme", CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        first.Dispose();

        using var admitted = await second;
        Assert.True(admitted.Admitted);
        Assert.False(third.IsCompleted);
        admitted.Dispose();
        using var last = await third;
        Assert.True(last.Admitted);
    }

    [Fact]
    public async Task A_start_that_waited_the_queue_timeout_is_refused_not_left_hanging()
    {
        using var admission = Admission(maxInFlight: 1, queueLimit: 4, queueTimeout: TimeSpan.FromMilliseconds(100));
        using var holder = await admission.EnterAsync("acme", CancellationToken.None);

        using var waited = await admission.EnterAsync("acme", CancellationToken.None).AsTask()
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(waited.Admitted);
        Assert.NotNull(waited.RetryAfterMs);
    }

    [Fact]
    public void Refusals_spread_their_retry_after_over_one_to_two_times_the_configured_wait()
    {
        using var admission = Admission(maxInFlight: 1, queueLimit: 0);

        Assert.Equal(1000, admission.RetryAfterMs(0));
        Assert.Equal(1500, admission.RetryAfterMs(0.5));
        Assert.Equal(2000, admission.RetryAfterMs(1));
    }
}
