using Dapr.Actors;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Contracts.Routing;

/// <summary>
/// The queues and routing view of one tenant. Its turns serialize every routing decision of the tenant, so one
/// session is never offered to two agents and offers never exceed an agent's free capacity. It calls no actor.
/// </summary>
public interface IRouterActor : IActor
{
    Task EnqueueAsync(QueueEntry entry);

    /// <summary>Forgets a session (assigned, resolved or abandoned) and any offer for it.</summary>
    Task RemoveAsync(string sessionId);

    /// <summary>Updates the view of an agent (older versions are ignored); returns the offers withdrawn because it went offline.</summary>
    Task<IReadOnlyList<PlannedOffer>> UpsertAgentAsync(AgentSnapshot agent);

    /// <summary>Decides every offer that can be made now, in queue order, and records them as pending.</summary>
    Task<IReadOnlyList<PlannedOffer>> PlanOffersAsync();

    /// <summary>An offer could not be delivered or was refused: the session waits again, without that agent next time.</summary>
    Task OfferFailedAsync(string sessionId, string offerId);

    /// <summary>Withdraws expired offers; returns them so their sessions can be told (and re-offered).</summary>
    Task<IReadOnlyList<PlannedOffer>> ExpireOffersAsync();

    Task<QueueSnapshot> GetSnapshotAsync();
}
