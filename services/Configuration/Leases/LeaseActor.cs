using Dapr.Actors.Runtime;
using DaprSupport.Contracts;

namespace DaprSupport.Configuration.Leases;

/// <summary>
/// Holds one resource's lease in actor state (the etcd actor store, saved at the end of each call) and decides with
/// <see cref="LeaseRules"/> against its own clock. Expiry needs no timer: an expired grant is free at the next call.
/// </summary>
[Actor(TypeName = ActorTypes.Lease)]
public sealed class LeaseActor(ActorHost host, TimeProvider time) : Actor(host), ILeaseActor
{
    private const string StateKey = "lease";

    public Task<LeaseResult> TryAcquireAsync(LeaseRequest request) => DecideAsync(request, LeaseRules.Acquire);

    public Task<LeaseResult> RenewAsync(LeaseRequest request) => DecideAsync(request, LeaseRules.Renew);

    public Task<LeaseResult> ReleaseAsync(LeaseRequest request) => DecideAsync(request, LeaseRules.Release);

    private async Task<LeaseResult> DecideAsync(
        LeaseRequest request, Func<LeaseState, LeaseRequest, DateTimeOffset, (LeaseResult, LeaseState)> rule)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await StateManager.TryGetStateAsync<LeaseState>(StateKey);
        var current = stored.HasValue ? stored.Value : LeaseState.Free;
        var (result, next) = rule(current, request, time.GetUtcNow());
        if (next != current)
        {
            await StateManager.SetStateAsync(StateKey, next);
        }

        return result;
    }
}
