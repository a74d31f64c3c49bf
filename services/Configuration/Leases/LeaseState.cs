namespace DaprSupport.Configuration.Leases;

/// <summary>
/// What a lease actor keeps (actor state on the etcd actor store): the holder, its grant's fencing token and when the
/// grant expires. <see cref="Token"/> is the last token issued and survives release and expiry, so it only grows.
/// </summary>
public sealed record LeaseState(string? Owner, long Token, DateTimeOffset ExpiresAt)
{
    public static LeaseState Free { get; } = new(null, 0, DateTimeOffset.MinValue);
}
