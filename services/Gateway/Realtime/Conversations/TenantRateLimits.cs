using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>Token buckets for client frames: one per tenant on this replica (shared) and one per connection.</summary>
public sealed class TenantRateLimits(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly GatewayOptions _options = options.Value;
    private readonly PartitionedRateLimiter<string> _tenants = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetTokenBucketLimiter(
            tenant, _ => Bucket(options.Value.TenantBurst, options.Value.TenantPerSecond)));

    public RateLimiter ForConnection() =>
        new TokenBucketRateLimiter(Bucket(_options.ConnectionBurst, _options.ConnectionPerSecond));

    /// <summary>
    /// Whether one more frame may pass for this connection and tenant; when not, how long until a token is back
    /// (the refusal's <c>retryAfterMs</c>).
    /// </summary>
    public bool TryAcquire(RateLimiter connection, string tenant, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var perConnection = connection.AttemptAcquire();
        if (!perConnection.IsAcquired)
        {
            retryAfter = RetryAfter(perConnection);
            return false;
        }

        using var perTenant = _tenants.AttemptAcquire(tenant);
        retryAfter = perTenant.IsAcquired ? TimeSpan.Zero : RetryAfter(perTenant);
        return perTenant.IsAcquired;
    }

    /// <summary>The limiter's own estimate when it gives one, else one replenishment period.</summary>
    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(1);

    public void Dispose() => _tenants.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
