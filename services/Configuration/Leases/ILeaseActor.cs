using Dapr.Actors;

namespace DaprSupport.Configuration.Leases;

/// <summary>
/// A lease on one named resource (actor id = resource name). Calls on one actor run one at a time, so a claim is
/// atomic without any compare-and-set on the state store (daprd's state.etcd has none that holds).
/// </summary>
public interface ILeaseActor : IActor
{
    Task<LeaseResult> TryAcquireAsync(LeaseRequest request);

    Task<LeaseResult> RenewAsync(LeaseRequest request);

    Task<LeaseResult> ReleaseAsync(LeaseRequest request);
}
