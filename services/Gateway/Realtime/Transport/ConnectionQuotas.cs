using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Transport;

/// <summary>
/// What one caller may hold on this replica (docs/protocol.md "Limits"): open connections (WebSockets and long-poll
/// cursors together) per principal and per client address, and how fast one principal may open long-poll cursors.
/// A refusal names what to do: <c>resource_exhausted</c> (close a connection first) or <c>rate_limited</c> (wait
/// <c>retryAfterMs</c>). Other callers are never affected.
/// </summary>
public sealed class ConnectionQuotas : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly GatewayOptions _options;
    private readonly PartitionedRateLimiter<string> _cursorOpens;

    public ConnectionQuotas(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _cursorOpens = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, _options.CursorOpenBurst),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = _options.CursorOpenPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>One more open connection for the caller, held until the lease is disposed; or the refusal.</summary>
    public (IDisposable? Lease, ErrorFrame? Refusal) TryTake(SupportPrincipal principal, IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = PrincipalKey(principal);
        if (!TryIncrement(user, _options.MaxConnectionsPerPrincipal))
        {
            return (null, new ErrorFrame(ErrorCodes.ResourceExhausted,
                $"This user already holds {_options.MaxConnectionsPerPrincipal} connections here; close one first."));
        }

        var from = AddressKey(address);
        if (!TryIncrement(from, _options.MaxConnectionsPerAddress))
        {
            Decrement(user);
            return (null, new ErrorFrame(ErrorCodes.ResourceExhausted,
                $"This address already holds {_options.MaxConnectionsPerAddress} connections here; close one first."));
        }

        return (new Lease(this, user, from), null);
    }

    /// <summary>
    /// Whether the principal may open one more long-poll cursor now; when not, the rate_limited refusal.
    /// </summary>
    public ErrorFrame? TryOpenCursor(SupportPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        using var lease = _cursorOpens.AttemptAcquire(PrincipalKey(principal));
        if (lease.IsAcquired)
        {
            return null;
        }

        var after = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait
            : _options.CursorOpenPeriod;
        return new ErrorFrame(
            ErrorCodes.RateLimited, "Too many new long-poll cursors; reuse your cursor, or retry after retryAfterMs.",
            RetryAfterMs: (long)Math.Ceiling(after.TotalMilliseconds));
    }

    public void Dispose() => _cursorOpens.Dispose();

    private static string PrincipalKey(SupportPrincipal p) => $"u\n{p.Tenant}\n{p.Role}\n{p.UserId}";

    private static string AddressKey(IPAddress? address) =>
        "a\n" + (address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4() : address);

    private bool TryIncrement(string key, int max)
    {
        var now = _held.AddOrUpdate(key, 1, (_, held) => held + 1);
        if (now <= max)
        {
            return true;
        }

        Decrement(key);
        return false;
    }

    private void Decrement(string key)
    {
        var now = _held.AddOrUpdate(key, 0, (_, held) => held - 1);
        if (now <= 0)
        {
            // Only a key still at zero goes (another connection may have taken it again meanwhile).
            _held.TryRemove(new KeyValuePair<string, int>(key, 0));
        }
    }

    private sealed class Lease(ConnectionQuotas quotas, string user, string from) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                quotas.Decrement(user);
                quotas.Decrement(from);
            }
        }
    }
}
