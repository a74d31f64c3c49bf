namespace DaprSupport.Configuration.Leases;

/// <summary>
/// Lease locks for services: a resource is held by one owner until it releases it or stops renewing. Every grant
/// carries a fencing token that only grows per resource.
/// </summary>
public interface ILeaseLock
{
    Task<LeaseResult> TryAcquireAsync(
        string resource, string owner, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task<LeaseResult> RenewAsync(
        string resource, string owner, long token, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task<LeaseResult> ReleaseAsync(
        string resource, string owner, long token, CancellationToken cancellationToken = default);
}
