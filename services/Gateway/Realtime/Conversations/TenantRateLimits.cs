using System.Threading.RateLimiting;
using DaprSupport.Contracts;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Token buckets for client frames: per tenant on this replica, one shared by its visitors and one by its staff (so
/// anonymous visitors, however many, cannot starve the tenant's agents), and one per connection. The sizes are the
/// tenant's <c>rateLimits</c> from its configuration document (this replica's cache), else the <c>Gateway</c>
/// defaults; a changed document applies to the next frame, in a fresh bucket of the new size.
/// </summary>
public sealed class TenantRateLimits(IOptions<GatewayOptions> options, TenantDirectory tenants) : IDisposable
{
    private readonly GatewayOptions _defaults = options.Value;
    private readonly PartitionedRateLimiter<BucketSize> _tenants =
        PartitionedRateLimiter.Create<BucketSize, BucketSize>(
            size => RateLimitPartition.GetTokenBucketLimiter(size, s => Bucket(s.Burst, s.PerSecond)));

    /// <summary>
    /// Whether one more frame costing <paramref name="tokens"/> (<see cref="Protocol.FrameCosts"/>; at most a full
    /// bucket) may pass for this connection and its tenant's visitors or staff (by <paramref name="role"/>); when not,
    /// how long until the tokens are back (the refusal's <c>retryAfterMs</c>).
    /// </summary>
    public bool TryAcquire(
        ConnectionBucket connection, string tenant, string role, out TimeSpan retryAfter, int tokens = 1)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var connectionSize = ConnectionSize(tenant);
        using var perConnection = connection.Current(connectionSize).AttemptAcquire(connectionSize.Fit(tokens));
        if (!perConnection.IsAcquired)
        {
            retryAfter = RetryAfter(perConnection);
            return false;
        }

        var tenantSize = TenantSize(tenant) with { Visitors = role == Roles.Visitor };
        using var perTenant = _tenants.AttemptAcquire(tenantSize, tenantSize.Fit(tokens));
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

        // Refilled on use (for the elapsed time), so an idle connection's bucket holds no timer; the partitioned
        // tenant buckets are refilled by their limiter's one shared timer.
        AutoReplenishment = false,
    };

    /// <summary>
    /// A bucket's key: the tenant with the size it has now, so a changed size is a new partition (a fresh bucket),
    /// and for the tenant's buckets whose they are (its visitors' or its staff's).
    /// </summary>
    internal readonly record struct BucketSize(string Tenant, int Burst, int PerSecond, bool Visitors = false)
    {
        /// <summary>A frame's tokens as this bucket can give them: at least one, at most a full bucket.</summary>
        public int Fit(int tokens) => Math.Clamp(tokens, 1, Math.Max(1, Burst));
    }

    /// <summary>
    /// One connection's bucket: made at the connection's first frame (an idle connection holds none), replaced by a
    /// fresh one of the new size when its tenant's limits change, and refilled for the time since its last refill when
    /// a frame asks for a token (it has no timer, so nothing to dispose). Safe for a long-poll client's concurrent
    /// sends.
    /// </summary>
    public sealed class ConnectionBucket
    {
        private Sized? _current;

        internal RateLimiter Current(BucketSize size)
        {
            var current = Volatile.Read(ref _current);
            if (current is null || current.Size != size)
            {
                var fresh = new Sized(size, new TokenBucketRateLimiter(Bucket(size.Burst, size.PerSecond)));
                var seen = Interlocked.CompareExchange(ref _current, fresh, current);
                current = ReferenceEquals(seen, current) ? fresh : seen!;
            }

            current.Limiter.TryReplenish();
            return current.Limiter;
        }

        private sealed record Sized(BucketSize Size, TokenBucketRateLimiter Limiter);
    }
}
