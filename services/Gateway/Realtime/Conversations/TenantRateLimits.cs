using System.Threading.RateLimiting;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Token buckets for client frames: one per tenant on this replica (shared) and one per connection. The sizes are the
/// tenant's <c>rateLimits</c> from its configuration document (this replica's cache), else the <c>Gateway</c>
/// defaults; a changed document applies to the next frame, in a fresh bucket of the new size.
/// </summary>
public sealed class TenantRateLimits(IOptions<GatewayOptions> options, TenantDirectory tenants) : IDisposable
{
    private readonly GatewayOptions _defaults = options.Value;
    private readonly PartitionedRateLimiter<BucketSize> _tenants =
        PartitionedRateLimiter.Create<BucketSize, BucketSize>(
            size => RateLimitPartition.GetTokenBucketLimiter(size, s => Bucket(s.Burst, s.PerSecond)));

    /// <summary>A connection's bucket, sized for its tenant now and resized when the tenant's limits change.</summary>
    public ConnectionBucket ForConnection(string tenant) => new(ConnectionSize(tenant));

    /// <summary>
    /// Whether one more frame may pass for this connection and tenant; when not, how long until a token is back
    /// (the refusal's <c>retryAfterMs</c>).
    /// </summary>
    public bool TryAcquire(ConnectionBucket connection, string tenant, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var perConnection = connection.Current(ConnectionSize(tenant)).AttemptAcquire();
        if (!perConnection.IsAcquired)
        {
            retryAfter = RetryAfter(perConnection);
            return false;
        }

        using var perTenant = _tenants.AttemptAcquire(TenantSize(tenant));
        retryAfter = perTenant.IsAcquired ? TimeSpan.Zero : RetryAfter(perTenant);
        return perTenant.IsAcquired;
    }

    public void Dispose() => _tenants.Dispose();

    /// <summary>The tenant's bucket size now: its document's, else the gateway's defaults.</summary>
    internal BucketSize TenantSize(string tenant) => tenants.RateLimitsOf(tenant) is { } limits
        ? new BucketSize(tenant, limits.TenantBurst, limits.TenantPerSecond)
        : new BucketSize(tenant, _defaults.TenantBurst, _defaults.TenantPerSecond);

    internal BucketSize ConnectionSize(string tenant) => tenants.RateLimitsOf(tenant) is { } limits
        ? new BucketSize(tenant, limits.ConnectionBurst, limits.ConnectionPerSecond)
        : new BucketSize(tenant, _defaults.ConnectionBurst, _defaults.ConnectionPerSecond);

    /// <summary>The limiter's own estimate when it gives one, else one replenishment period.</summary>
    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(1);

    internal static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>
    /// A bucket's key: the tenant with the size it has now, so a changed size is a new partition (a fresh bucket).
    /// </summary>
    internal readonly record struct BucketSize(string Tenant, int Burst, int PerSecond);

    /// <summary>
    /// One connection's bucket, replaced by a fresh one of the new size when its tenant's limits change.
    /// </summary>
    public sealed class ConnectionBucket : IDisposable
    {
        private BucketSize _size;
        private RateLimiter _limiter;

        internal ConnectionBucket(BucketSize size)
        {
            _size = size;
            _limiter = new TokenBucketRateLimiter(Bucket(size.Burst, size.PerSecond));
        }

        internal RateLimiter Current(BucketSize size)
        {
            if (size != _size)
            {
                _limiter.Dispose();
                _limiter = new TokenBucketRateLimiter(Bucket(size.Burst, size.PerSecond));
                _size = size;
            }

            return _limiter;
        }

        public void Dispose() => _limiter.Dispose();
    }
}
