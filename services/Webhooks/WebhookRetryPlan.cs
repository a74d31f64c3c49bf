namespace DaprSupport.Webhooks;

/// <summary>
/// When to try a failed delivery again: exponential backoff from <see cref="WebhookOptions.FirstRetry"/>, doubled per
/// attempt up to <see cref="WebhookOptions.MaxRetry"/>, with "equal jitter" (half fixed, half random) so that the
/// endpoints of one outage do not all come back in step. None after the last attempt, or when the receiver
/// answered <c>410 Gone</c>.
/// </summary>
public static class WebhookRetryPlan
{
    /// <param name="attempts">Attempts made so far, the failed one included (1 after the first).</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan? After(int attempts, int? status, double jitter, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (attempts >= options.MaxAttempts || status == 410)
        {
            return null;
        }

        var doubled = options.FirstRetry * Math.Pow(2, Math.Min(attempts - 1, 30));
        var cap = doubled < options.MaxRetry ? doubled : options.MaxRetry;
        return cap / 2 + cap / 2 * Math.Clamp(jitter, 0, 1);
    }
}
