using System.Globalization;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// One stored key of the router: its meta, the legacy single key, or bucket <see cref="Index"/> of a dictionary.
/// </summary>
internal readonly record struct BucketKey(BucketKind Kind, int Index = 0)
{
    /// <summary>The key the whole state was stored under before it was split into buckets.</summary>
    public const string LegacyName = "router";

    public static BucketKey Meta => new(BucketKind.Meta);

    public static BucketKey Legacy => new(BucketKind.Legacy);

    /// <summary>
    /// The actor state key. No '/' in it: the sidecar's actor state API takes the key as one path segment.
    /// </summary>
    public string Name => Kind switch
    {
        BucketKind.Meta => "router-meta",
        BucketKind.Legacy => LegacyName,
        BucketKind.Agents => string.Create(CultureInfo.InvariantCulture, $"router-agents-{Index}"),
        BucketKind.Waiting => string.Create(CultureInfo.InvariantCulture, $"router-waiting-{Index}"),
        BucketKind.Offers => string.Create(CultureInfo.InvariantCulture, $"router-offers-{Index}"),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
