namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// A retry policy: <c>constant</c> (every <c>duration</c>, default 5s) or <c>exponential</c> (from
/// <c>initialInterval</c>, default 500ms, times 1.5 with ±50% jitter up to <c>maxInterval</c>, default 60s, as the
/// backoff library daprd uses). <c>maxRetries</c> -1 (the default) retries forever; 0 never retries.
/// <c>matching.httpStatusCodes</c> / <c>matching.gRPCStatusCodes</c> narrow which answered status codes are retried
/// (dapr/dapr pkg/resiliency/retry.go); errors without a status code (timeouts, transport errors) are always retried.
/// </summary>
public sealed record RetrySpec(
    string Name, bool Exponential, TimeSpan Duration, TimeSpan InitialInterval, TimeSpan MaxInterval, int MaxRetries,
    StatusCodeSet? HttpStatusCodes, StatusCodeSet? GrpcStatusCodes = null)
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

    /// <summary>
    /// Whether an error carrying <paramref name="statusCode"/> is retried, as daprd's <c>statusCodeNeedRetry</c>:
    /// 0–16 is read as a gRPC code and 100–599 as an HTTP status; with no list for that kind every code is retried,
    /// otherwise only the listed ones; any other number is never retried.
    /// </summary>
    public bool NeedsRetry(int statusCode) => statusCode switch
    {
        >= StatusCodeSet.GrpcMin and <= StatusCodeSet.GrpcMax => GrpcStatusCodes?.Contains(statusCode) ?? true,
        >= StatusCodeSet.HttpMin and <= StatusCodeSet.HttpMax => HttpStatusCodes?.Contains(statusCode) ?? true,
        _ => false,
    };
}

/// <summary>Status codes and ranges such as <c>"429,500-599"</c>, validated as daprd's <c>parsePatterns</c> does.</summary>
public sealed class StatusCodeSet(IReadOnlyList<(int From, int To)> ranges)
{
    public const int HttpMin = 100;
    public const int HttpMax = 599;
    public const int GrpcMin = 0;
    public const int GrpcMax = 16;

    public bool Contains(int code) => ranges.Any(r => code >= r.From && code <= r.To);

    /// <summary>Null for an empty or missing list (retry everything); throws <see cref="FormatException"/> on a bad pattern.</summary>
    public static StatusCodeSet? Parse(string? text, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var ranges = new List<(int, int)>();
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var bounds = item.Split('-');
            if (bounds.Length > 2)
            {
                throw new FormatException($"invalid pattern {item}, more than one '-' exists");
            }

            var from = Code(bounds[0], item, min, max, "start");
            var to = bounds.Length == 2 ? Code(bounds[1], item, min, max, "end") : from;
            ranges.Add(to < from ? throw new FormatException($"invalid pattern {item}, start value should not bigger than end value") : (from, to));
        }

        return new StatusCodeSet(ranges);
    }

    private static int Code(string text, string pattern, int min, int max, string which) =>
        !int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? throw new FormatException($"failed to parse {which} code {text} from pattern {pattern} to int")
            : code < min || code > max ? throw new FormatException($"invalid pattern {pattern}, {which} code {code} is not valid") : code;
}
