using System.Globalization;

namespace DaprSupport.DaprEmulator.State;

/// <summary>Per-request metadata the stores understand (components-contrib's state/utils TTL parsing).</summary>
internal static class StateRequestMetadata
{
    public const string TtlInSeconds = "ttlInSeconds";
    public const string ContentType = "contentType";
    public const string TtlExpireTime = "ttlExpireTime";

    /// <summary>
    /// The TTL from <c>ttlInSeconds</c>: null when absent, empty or -1 (never expire). Anything that is not an integer
    /// of at least -1 fails the write, as in contrib.
    /// </summary>
    public static TimeSpan? Ttl(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(TtlInSeconds, out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new InvalidOperationException($"incorrect value for metadata '{TtlInSeconds}': strconv.ParseInt: parsing \"{raw}\": invalid syntax");
        }

        if (seconds < -1 || seconds > int.MaxValue)
        {
            throw new InvalidOperationException($"incorrect value for metadata '{TtlInSeconds}': must be -1 or greater");
        }

        return seconds == -1 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The response metadata of a read: <c>ttlExpireTime</c> (RFC 3339, UTC) when the entry expires.</summary>
    public static Dictionary<string, string> Of(StateEntry entry)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.ExpiresAt is { } at)
        {
            result[TtlExpireTime] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>
    /// The read's metadata as daprd's HTTP APIs send it (<c>setResponseMetadataHeaders</c> in pkg/api/http/responses.go):
    /// one header per key, named <c>metadata.{key}</c> and set through Go's <c>Header.Set</c>, which canonicalises the
    /// name (<c>Metadata.ttlexpiretime</c>). Used by the state API and the actor state API alike.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> ResponseHeaders(StateEntry entry) =>
        Of(entry).Select(m => KeyValuePair.Create(GoCanonicalHeaderKey("metadata." + m.Key), m.Value));

    /// <summary>Go's <c>textproto.CanonicalMIMEHeaderKey</c>: upper-case the first letter and each one after '-', lower-case the rest.</summary>
    internal static string GoCanonicalHeaderKey(string name)
    {
        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }

    /// <summary>daprd's first-write / last-write names on the HTTP API (anything else is last-write).</summary>
    public static StateConcurrency Concurrency(string? value) =>
        string.Equals(value, "first-write", StringComparison.Ordinal) ? StateConcurrency.FirstWrite : StateConcurrency.LastWrite;
}
