using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway.Realtime.Fanout;

/// <summary>
/// What pub/sub hands this replica for a session (or an agent): one listener per followed session receives every
/// kind. The hierarchy is closed: only the five kinds below exist, and a follower's own reminder that reported items
/// are overdue (<see cref="Conversations.ItemsOverdue"/>), which goes the same way through its conversation.
/// </summary>
public abstract record ReplicaEvent
{
    private protected ReplicaEvent()
    {
    }
}

/// <summary>A durable timeline item (<c>/events/timeline</c>).</summary>
public sealed record ItemArrived(TimelineItem Item) : ReplicaEvent;

/// <summary>A session's status, agent or offer changed (<c>/events/sessions</c>).</summary>
public sealed record SessionChangeArrived(SessionChanged Change) : ReplicaEvent;

/// <summary>A participant's read mark moved (<c>/events/reads</c>).</summary>
public sealed record ReadArrived(SessionRead Read) : ReplicaEvent;

/// <summary>A queued session's place in its queue (<c>/events/queue-positions</c>, one per listed session).</summary>
public sealed record PositionArrived(QueuePosition Position) : ReplicaEvent;

/// <summary>A participant is typing (<c>/events/typing</c>); relayed, never stored.</summary>
public sealed record TypingArrived(SessionTyping Typing) : ReplicaEvent;
