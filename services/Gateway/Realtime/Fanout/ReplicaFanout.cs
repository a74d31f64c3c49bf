using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>
/// Hands what reaches this replica over pub/sub to the local connections it concerns: everything about a session to
/// the connections following it (one listener per followed session, for all five kinds), and session changes also to
/// the connections of the agents a session is offered or assigned to, and of those whose offer the change ended.
/// </summary>
public sealed class ReplicaFanout
{
    private readonly LocalListeners<ReplicaEvent> _listeners = new();

    public IDisposable ListenSession(string tenant, string sessionId, Func<ReplicaEvent, bool> listener) =>
        _listeners.Listen(FanoutKeys.Session(tenant, sessionId), listener);

    public IDisposable ListenAgent(string tenant, string agentId, Func<ReplicaEvent, bool> listener) =>
        _listeners.Listen(FanoutKeys.Agent(tenant, agentId), listener);

    /// <summary>Offers the item to every listener of its session; returns how many took it.</summary>
    public int Deliver(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _listeners.Deliver(FanoutKeys.Session(item.Tenant, item.SessionId), new ItemArrived(item));
    }

    /// <summary>Offers the change to the session's listeners and to those of its offered and assigned agents.</summary>
    public int Deliver(SessionChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var session = change.Session;
        var arrived = new SessionChangeArrived(change);
        var delivered = _listeners.Deliver(FanoutKeys.Session(session.Tenant, session.SessionId), arrived);
        var agents = session.OfferedAgents()
            .Concat(session.AgentId is { } agentId ? [agentId] : [])
            .Concat(change.EndedOffers?.Select(e => e.AgentId) ?? [])
            .Distinct(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            delivered += _listeners.Deliver(FanoutKeys.Agent(session.Tenant, agent), arrived);
        }

        return delivered;
    }

    /// <summary>Offers the receipt to every listener of its session; returns how many took it.</summary>
    public int Deliver(SessionRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _listeners.Deliver(FanoutKeys.Session(read.Tenant, read.SessionId), new ReadArrived(read));
    }

    /// <summary>Offers the typing signal to every listener of its session; returns how many took it.</summary>
    public int Deliver(SessionTyping typing)
    {
        ArgumentNullException.ThrowIfNull(typing);
        return _listeners.Deliver(FanoutKeys.Session(typing.Tenant, typing.SessionId), new TypingArrived(typing));
    }

    /// <summary>Offers each listed session its position (index + 1); returns how many listeners took one.</summary>
    public int Deliver(QueuePositions positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var delivered = 0;
        for (var i = 0; i < positions.SessionIds.Count; i++)
        {
            var sessionId = positions.SessionIds[i];
            var position = new PositionArrived(new QueuePosition(sessionId, i + 1, positions.AsOf));
            delivered += _listeners.Deliver(FanoutKeys.Session(positions.Tenant, sessionId), position);
        }

        return delivered;
    }
}
