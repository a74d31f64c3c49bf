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

    /// <summary>Whether one more frame may pass for this connection and tenant.</summary>
    public bool TryAcquire(RateLimiter connection, string tenant)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var perConnection = connection.AttemptAcquire();
        if (!perConnection.IsAcquired)
        {
            return false;
        }

        using var perTenant = _tenants.AttemptAcquire(tenant);
        return perTenant.IsAcquired;
    }

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
