using Dapr.Actors;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Contracts.Routing;

/// <summary>
/// The queues and routing view of one tenant. Its turns serialize every routing decision of the tenant, so one
/// session is never offered to two agents and offers never exceed an agent's free capacity. It calls no actor.
/// </summary>
public interface IRouterActor : IActor
{
    /// <summary>Puts a session in its skill queue (again); returns its 1-based position there.</summary>
    Task<int> EnqueueAsync(QueueEntry entry);

    /// <summary>Forgets a session (assigned, resolved or abandoned) and any offer for it.</summary>
    Task RemoveAsync(string sessionId);

    /// <summary>
    /// Updates the view of an agent (older versions are ignored); returns the offers withdrawn because it went offline
    /// (for a manual claim offer, only its part: the offer with <see cref="PlannedOffer.Claimants"/> = [agent]).
    /// </summary>
    Task<IReadOnlyList<PlannedOffer>> UpsertAgentAsync(AgentSnapshot agent);

    /// <summary>
    /// One turn for an accepted or resolved session (<see cref="SettleRequest"/>): the agent's view first (as
    /// <see cref="UpsertAgentAsync"/>), then the session forgotten (as <see cref="RemoveAsync"/>), with one state save
    /// — no turn in between counts the session twice or not at all. Returns the offers the agent's view withdrew.
    /// </summary>
    Task<IReadOnlyList<PlannedOffer>> SettleAsync(SettleRequest request);

    /// <summary>
    /// Decides every offer that can be made now, in queue order, and records them as pending. This release's passes use
    /// <see cref="DispatchAsync"/>; kept for sessions replicas of the previous release during a rolling update.
    /// </summary>
    Task<IReadOnlyList<PlannedOffer>> PlanOffersAsync();

    /// <summary>
    /// One turn for what a dispatch pass used to take three for: enqueues the request's sessions (as
    /// <see cref="EnqueueAsync"/>), plans and records every offer possible now (as <see cref="PlanOffersAsync"/>) and
    /// takes the changed queues (as <see cref="TakePositionChangesAsync"/>), with one state save.
    /// </summary>
    Task<DispatchTurn> DispatchAsync(DispatchTurnRequest request);

    /// <summary>
    /// An offer could not be delivered or was refused: the session waits again, without that agent next time.
    /// </summary>
    Task OfferFailedAsync(string sessionId, string offerId);

    /// <summary>
    /// The agent declined its offer of the session: its part ends, and the session goes to other eligible agents; this
    /// agent is offered it again only when nobody else can take it and one offer timeout has passed.
    /// </summary>
    Task DeclineAsync(string sessionId, string agentId);

    /// <summary>
    /// The sessions held by agents who went offline and did not come back within the tenant's grace (unchanged: the
    /// caller requeues them, and the agents' updates remove them).
    /// </summary>
    Task<IReadOnlyList<Unattended>> TakeUnattendedAsync();

    /// <summary>Withdraws expired offers; returns them so their sessions can be told (and re-offered).</summary>
    Task<IReadOnlyList<PlannedOffer>> ExpireOffersAsync();

    Task<QueueSnapshot> GetSnapshotAsync();

    /// <summary>The offers pending for one agent (cheap: no queue ordering), for an agent who (re)connects.</summary>
    Task<IReadOnlyList<PlannedOffer>> GetOffersForAsync(string agentId);

    /// <summary>
    /// The 1-based position of a waiting session in its skill queue; null when it is not waiting (offered, gone).
    /// </summary>
    Task<int?> GetPositionAsync(string sessionId);

    /// <summary>
    /// The skill queues whose order changed since the last call (an emptied queue as an empty list), each as of now,
    /// for the caller to publish on <see cref="Topics.QueuePositions"/>.
    /// </summary>
    Task<IReadOnlyList<QueuePositions>> TakePositionChangesAsync();

    /// <summary>
    /// Hands these skill queues out again at the next <see cref="TakePositionChangesAsync"/>, even if unchanged: their
    /// sessions have just been told they wait again, and positions must follow that change, not precede it.
    /// </summary>
    Task RepublishAsync(string[] skills);
}
