using Dapr.Client;
using Microsoft.Extensions.Options;

namespace DaprSupport.Configuration.Leases;

/// <summary>
/// <see cref="ILeaseLock"/> on Dapr's distributed lock API (a <c>lock.*</c> component,
/// <see cref="LeaseOptions.LockStore"/>). What that API cannot give is said, not faked: it has no fencing token
/// (grants carry token 0), no way to renew (<see cref="LeaseOutcome.Unsupported"/>: hold a lease for the whole job,
/// sized with its TTL) and does not name the holder of a refused lock. TTLs are whole seconds, rounded up.
/// </summary>
// Dapr's lock API is alpha; this is the optional path for users who have one.
#pragma warning disable DAPR_DISTRIBUTEDLOCK
public sealed class DaprLockLeaseLock(DaprClient dapr, IOptions<LeaseOptions> options, TimeProvider time) : ILeaseLock
{
    private string Store => options.Value.LockStore
        ?? throw new InvalidOperationException($"{LeaseOptions.Section}:LockStore is not set.");

    public async Task<LeaseResult> TryAcquireAsync(
        string resource, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(owner) || ttl <= TimeSpan.Zero || ttl > LeaseRules.MaxTtl)
        {
            return new LeaseResult(LeaseOutcome.Invalid, 0, null, null);
        }

        var seconds = (int)Math.Ceiling(ttl.TotalSeconds);
        var now = time.GetUtcNow();
        var response = await dapr.Lock(Store, resource, owner, seconds, cancellationToken);
        return response.Success
            ? new LeaseResult(LeaseOutcome.Granted, 0, now.AddSeconds(seconds), owner)
            : new LeaseResult(LeaseOutcome.Held, 0, null, null);
    }

    public Task<LeaseResult> RenewAsync(
        string resource, string owner, long token, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Task.FromResult(new LeaseResult(LeaseOutcome.Unsupported, token, null, null));

    public async Task<LeaseResult> ReleaseAsync(
        string resource, string owner, long token, CancellationToken cancellationToken = default)
    {
        var response = await dapr.Unlock(Store, resource, owner, cancellationToken);
        return response.status switch
        {
            LockStatus.Success => new LeaseResult(LeaseOutcome.Released, token, time.GetUtcNow(), null),
            LockStatus.LockBelongsToOthers => new LeaseResult(LeaseOutcome.NotOwner, 0, null, null),
            LockStatus.LockDoesNotExist => new LeaseResult(LeaseOutcome.Expired, 0, null, null),
            _ => throw new InvalidOperationException($"Lock store {Store} could not release '{resource}'."),
        };
    }
}
#pragma warning restore DAPR_DISTRIBUTEDLOCK
