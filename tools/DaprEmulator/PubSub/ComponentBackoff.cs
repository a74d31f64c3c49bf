using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Resiliency;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// A pub/sub component's own redelivery back-off (components-contrib metadata <c>backOffPolicy</c>,
/// <c>backOffDuration</c>, <c>backOffInitialInterval</c>, <c>backOffMaxInterval</c>, <c>backOffMaxRetries</c>),
/// defaulting as dapr/kit's retry config does: constant, 5s, forever.
/// </summary>
internal static class ComponentBackoff
{
    public static RetrySpec From(ComponentSpec spec)
    {
        TimeSpan Dur(string key, TimeSpan fallback) => spec.Get(key) is { Length: > 0 } v ? GoDuration.Parse(v, $"{spec.SourceFile}: {key}") : fallback;
        return new RetrySpec(
            $"{spec.Name} back-off",
            string.Equals(spec.Get("backOffPolicy"), "exponential", StringComparison.OrdinalIgnoreCase),
            Dur("backOffDuration", RetrySpec.DefaultDuration),
            Dur("backOffInitialInterval", TimeSpan.FromMilliseconds(500)),
            Dur("backOffMaxInterval", TimeSpan.FromSeconds(60)),
            int.TryParse(spec.Get("backOffMaxRetries"), out var max) ? max : -1,
            null);
    }

    /// <summary>Calls the handler until it succeeds, the back-off runs out (false), or the token is cancelled.</summary>
    public static async Task<bool> DeliverWithRetriesAsync(
        RetrySpec backoff, Func<CancellationToken, Task> handler, Action<Exception, int> onFailure, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await handler(cancellationToken);
                return true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                onFailure(ex, attempt);
                if (backoff.MaxRetries >= 0 && attempt >= backoff.MaxRetries)
                {
                    return false;
                }
            }

            await Task.Delay(backoff.DelayFor(attempt), cancellationToken);
        }
    }
}
