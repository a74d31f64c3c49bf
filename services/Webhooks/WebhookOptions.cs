namespace DaprSupport.Webhooks;

/// <summary>How webhooks are delivered (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts per event before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each further one doubles it, to <see cref="MaxRetry"/>.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one POST may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events waiting per endpoint; beyond it new events are dead-lettered at once.</summary>
    public int MaxPending { get; set; } = 1000;

    /// <summary>The most events Dapr hands the webhook subscription in one bulk delivery.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long Dapr gathers a batch per partition before delivering what it has (bulk subscribe's
    /// <c>maxAwaitDurationMs</c>): the most a webhook waits before it is queued.
    /// </summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether endpoints may be on loopback, private or link-local addresses (Development only).</summary>
    public bool AllowPrivateAddresses { get; set; }
}
