using Dapr.Actors.Runtime;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions;

/// <summary>Owner of one session: its status and the seq counter of its timeline.</summary>
[Actor(TypeName = ActorTypes.Session)]
public sealed class SessionActor(ActorHost host) : Actor(host), ISessionActor
{
    private const string StateKey = "session";

    public async Task<SessionSnapshot> GetAsync()
    {
        var stored = await StateManager.TryGetStateAsync<SessionSnapshot>(StateKey);
        if (stored.HasValue)
        {
            return stored.Value;
        }

        var (tenant, sessionId) = ActorIds.Parse(Id);
        return new SessionSnapshot(tenant, sessionId, SessionStatus.None, null, null, null, 0);
    }
}
