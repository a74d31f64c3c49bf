using DaprSupport.Webhooks;
using FsCheck;
using FsCheck.Fluent;

namespace DaprSupport.Routing.Tests.Webhooks;

/// <summary>The backoff: doubling from the first wait, capped, jittered in its upper half, none after the last.</summary>
public sealed class WebhookRetryPlanTests
{
    private static readonly WebhookOptions Options = new()
    {
        FirstRetry = TimeSpan.FromSeconds(10), MaxRetry = TimeSpan.FromMinutes(5), MaxAttempts = 8,
    };

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 300)]
    [InlineData(7, 300)]
    public void The_wait_doubles_up_to_the_cap_and_keeps_at_least_half_of_it(int attempts, int capSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(capSeconds / 2.0), WebhookRetryPlan.After(attempts, 500, 0, Options));
        Assert.Equal(TimeSpan.FromSeconds(capSeconds), WebhookRetryPlan.After(attempts, 500, 1, Options));
    }

    [Fact]
    public void There_is_no_retry_after_the_last_attempt_or_a_410()
    {
        Assert.Null(WebhookRetryPlan.After(8, 500, 0.5, Options));
        Assert.Null(WebhookRetryPlan.After(1, 410, 0.5, Options));
        Assert.NotNull(WebhookRetryPlan.After(1, null, 0.5, Options));
    }

    [Fact]
    public void Any_wait_is_within_half_the_cap_and_the_cap()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1_000), Prop.ForAll(
            Arb.From(Gen.Choose(1, 7)), Arb.From(Gen.Choose(0, 999)), (attempts, thousandths) =>
            {
                var wait = WebhookRetryPlan.After(attempts, 503, thousandths / 1000.0, Options);
                var cap = TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, attempts - 1)));
                return wait >= cap / 2 && wait <= cap;
            }));
    }
}
