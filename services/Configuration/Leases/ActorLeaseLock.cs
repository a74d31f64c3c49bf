using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Contracts;

namespace DaprSupport.Configuration.Leases;

/// <summary>
/// <see cref="ILeaseLock"/> on <see cref="ILeaseActor"/>: one actor per resource, reached through the sidecar.
/// </summary>
public sealed class ActorLeaseLock(IActorProxyFactory actors) : ILeaseLock
{
    public Task<LeaseResult> TryAcquireAsync(
        string resource, string owner, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Lease(resource).TryAcquireAsync(new LeaseRequest(owner, ttl)).WaitAsync(cancellationToken);

    public Task<LeaseResult> RenewAsync(
        string resource, string owner, long token, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Lease(resource).RenewAsync(new LeaseRequest(owner, ttl, token)).WaitAsync(cancellationToken);

    public Task<LeaseResult> ReleaseAsync(
        string resource, string owner, long token, CancellationToken cancellationToken = default) =>
        Lease(resource).ReleaseAsync(new LeaseRequest(owner, TimeSpan.Zero, token)).WaitAsync(cancellationToken);

    private ILeaseActor Lease(string resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        return actors.CreateActorProxy<ILeaseActor>(new ActorId(resource), ActorTypes.Lease);
    }
}
