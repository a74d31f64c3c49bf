namespace DaprSupport.Sessions.Routing;

/// <summary>Which stored key of the router a <see cref="BucketKey"/> names.</summary>
internal enum BucketKind
{
    Meta,
    Legacy,
    Agents,
    Waiting,
    Offers,
}
