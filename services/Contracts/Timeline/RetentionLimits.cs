namespace DaprSupport.Contracts.Timeline;

/// <summary>
/// How long timeline items may be kept. Each item is written with its tenant's retention as the history store's
/// <c>ttlInSeconds</c>, and Dapr's state stores refuse a TTL above 2^31 − 1 seconds (components-contrib
/// <c>state/utils/ttl.go</c>, <c>ParseTTL</c>), which fails the write: a retention is at most 24,855 whole days.
/// </summary>
public static class RetentionLimits
{
    public const int MaxDays = 24_855;

    public const int SecondsPerDay = 86_400;
}
