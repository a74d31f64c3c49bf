using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Gateway;

/// <summary>
/// Hands session status changes that reach this replica to the connections following the session, and to the
/// connections of the agent a session is offered or assigned to.
/// </summary>
public sealed class SessionFanout
{
    private readonly LocalListeners<SessionChanged> _listeners = new();

    public IDisposable ListenSession(string tenant, string sessionId, Func<SessionChanged, bool> listener) =>
        _listeners.Listen(FanoutKeys.Session(tenant, sessionId), listener);

    public IDisposable ListenAgent(string tenant, string agentId, Func<SessionChanged, bool> listener) =>
        _listeners.Listen(FanoutKeys.Agent(tenant, agentId), listener);

    public int Deliver(SessionChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var session = change.Session;
        var delivered = _listeners.Deliver(FanoutKeys.Session(session.Tenant, session.SessionId), change);
        foreach (var agent in new[] { session.OfferedTo, session.AgentId }.Where(a => a is not null).Distinct())
        {
            delivered += _listeners.Deliver(FanoutKeys.Agent(session.Tenant, agent!), change);
        }

        return delivered;
    }
}
