namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// A retry policy: <c>constant</c> (every <c>duration</c>, default 5s) or <c>exponential</c> (from
/// <c>initialInterval</c>, default 500ms, times 1.5 with ±50% jitter up to <c>maxInterval</c>, default 60s, as the
/// backoff library daprd uses). <c>maxRetries</c> -1 (the default) retries forever; 0 never retries.
/// </summary>
public sealed record RetrySpec(string Name, bool Exponential, TimeSpan Duration, TimeSpan InitialInterval, TimeSpan MaxInterval, int MaxRetries, StatusCodeSet? HttpStatusCodes)
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(5);

    /// <summary>The delay before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan DelayFor(int retry)
    {
        if (!Exponential)
        {
            return Duration;
        }

        var interval = InitialInterval.TotalMilliseconds * Math.Pow(1.5, Math.Min(retry, 64));
        interval = Math.Min(interval, MaxInterval.TotalMilliseconds);
        var jittered = interval * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxInterval.TotalMilliseconds));
    }

    /// <summary>Whether an HTTP status counts as a failure to retry (any 4xx/5xx unless <c>matching.httpStatusCodes</c> narrows it).</summary>
    public bool IsRetriableStatus(int status) => HttpStatusCodes?.Contains(status) ?? status >= 400;
}

/// <summary>Status codes and ranges such as <c>"429,500-599"</c>.</summary>
public sealed class StatusCodeSet(IReadOnlyList<(int From, int To)> ranges)
{
    public bool Contains(int code) => ranges.Any(r => code >= r.From && code <= r.To);

    public static StatusCodeSet Parse(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = item.Split('-', 2, StringSplitOptions.TrimEntries);
            var from = int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture);
            ranges.Add((from, bounds.Length == 2 ? int.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture) : from));
        }

        return new StatusCodeSet(ranges);
    }
}
