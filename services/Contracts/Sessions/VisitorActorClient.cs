using Dapr.Actors.Client;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// Calls a visitor actor without remoting, for the reason <see cref="SessionActorClient"/> gives: a start usually
/// meets a visitor id no proxy has seen.
/// </summary>
public sealed class VisitorActorClient(ActorProxy proxy) : IVisitorActor
{
    public Task<VisitorAdmission> AdmitAsync(AdmitRequest request) =>
        proxy.InvokeMethodAsync<AdmitRequest, VisitorAdmission>(nameof(AdmitAsync), request);

    public Task<IReadOnlyList<VisitorSessionSummary>> GetSessionsAsync() =>
        proxy.InvokeMethodAsync<IReadOnlyList<VisitorSessionSummary>>(nameof(GetSessionsAsync));
}
