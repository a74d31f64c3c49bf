using Dapr.Actors.Client;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Coordination;

/// <summary>
/// Assigned sessions nobody attends: their agent went offline and did not come back within the grace (found by the
/// router at a wake-up), or did not answer the visitor in time (reported by the session actor). Each is taken from its
/// agent by the session actor (which checks again in its turn), queued for another agent (not that one while anybody
/// else can take it) and dispatched.
/// </summary>
public sealed class UnattendedSessions(IActorProxyFactory actors, OfferDispatcher dispatcher, TimeProvider time)
{
    /// <summary>Requeues every session the router finds unattended now.</summary>
    public async Task RequeueDueAsync(string tenant)
    {
        foreach (var unattended in await actors.Router(tenant).TakeUnattendedAsync())
        {
            await RequeueAsync(tenant, unattended);
        }
    }

    public async Task RequeueAsync(string tenant, Unattended unattended)
    {
        ArgumentNullException.ThrowIfNull(unattended);
        var result = await actors.Session(tenant, unattended.SessionId)
            .RequeueAsync(new RequeueRequest(unattended.AgentId, unattended.Reason));
        if (result.Session is { Status: SessionStatus.Queued } session)
        {
            var entry = SessionFlows.QueueEntryOf(session, time.GetUtcNow()) with
            {
                ExcludedAgents = [unattended.AgentId],
            };
            await actors.Router(tenant).EnqueueAsync(entry);
        }

        // The agent's view changes either way (a released session, or a stale one the router still listed).
        await dispatcher.RefreshAgentAsync(tenant, unattended.AgentId);
        dispatcher.Schedule(tenant);
    }
}
