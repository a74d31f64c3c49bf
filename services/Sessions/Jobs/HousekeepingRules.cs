using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Jobs;

/// <summary>How long a tenant's sessions may sit unused before housekeeping ends them.</summary>
public sealed record HousekeepingLimits(TimeSpan AbandonQueuedAfter, TimeSpan ResolveIdleAfter);

/// <summary>
/// What the housekeeping job does to one session, as a pure function of the session, the tail of its timeline, the
/// time and the tenant's hours and limits: open an offline ticket when the hours are open; abandon a queued session
/// whose visitor has shown no activity (no message, no read mark) for the limit since it was queued; resolve an
/// assigned session with no timeline item for the limit since it was assigned. A queued session that began as an
/// offline ticket is never abandoned for its visitor's absence: leaving was the point of the ticket.
/// </summary>
public static class HousekeepingRules
{
    public static string? Decide(
        SessionSnapshot session, IReadOnlyList<TimelineItem> tail, DateTimeOffset now, bool hoursOpen,
        HousekeepingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tail);
        ArgumentNullException.ThrowIfNull(limits);
        return session.Status switch
        {
            SessionStatus.Offline => hoursOpen ? HousekeepActions.Open : null,
            SessionStatus.Queued when session.OfflineAt is null
                && now - VisitorActiveAt(session, tail) >= limits.AbandonQueuedAfter => HousekeepActions.Abandon,
            SessionStatus.Assigned when now - LastActivityAt(session, tail) >= limits.ResolveIdleAfter =>
                HousekeepActions.Resolve,
            _ => null,
        };
    }

    /// <summary>
    /// Whether any rule can apply to a session the index lists as queued at <paramref name="queuedAt"/> (null: not
    /// known, so it is looked at). Abandoning needs the visitor quiet for the limit since at least then; resolving
    /// needs no item for the limit since the assignment, which came after. So a session queued more recently than the
    /// shorter limit needs no read.
    /// </summary>
    public static bool MayApply(DateTimeOffset? queuedAt, DateTimeOffset now, HousekeepingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var shorter = limits.AbandonQueuedAfter < limits.ResolveIdleAfter
            ? limits.AbandonQueuedAfter
            : limits.ResolveIdleAfter;
        return queuedAt is not { } at || now - at >= shorter;
    }

    /// <summary>The visitor's last sign of life: its last message or read mark, or when the session was
    /// queued.</summary>
    public static DateTimeOffset VisitorActiveAt(SessionSnapshot session, IReadOnlyList<TimelineItem> tail)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tail);
        var marks = (session.ReadMarks ?? []).Where(m => m.By.Role == Roles.Visitor).Select(m => m.At);
        var texts = tail.Where(i => i.Kind == TimelineItemKind.Text && i.From.Role == Roles.Visitor).Select(i => i.Ts);
        return marks.Concat(texts).Append(session.QueuedAt ?? session.CreatedAt ?? DateTimeOffset.MinValue).Max();
    }

    /// <summary>The last thing that happened in an assigned session: its last timeline item, or the
    /// assignment.</summary>
    public static DateTimeOffset LastActivityAt(SessionSnapshot session, IReadOnlyList<TimelineItem> tail)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tail);
        return tail.Select(i => i.Ts).Append(session.AssignedAt ?? session.CreatedAt ?? DateTimeOffset.MinValue).Max();
    }

    /// <summary>Whether a housekeeping action still applies to the session as it is now (status and version).</summary>
    public static bool StillApplies(SessionSnapshot session, HousekeepRequest request)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        return session.Version == request.ExpectedVersion && request.Action switch
        {
            HousekeepActions.Open => session.Status == SessionStatus.Offline,
            HousekeepActions.Abandon => session.Status == SessionStatus.Queued,
            HousekeepActions.Resolve => session.Status == SessionStatus.Assigned,
            _ => false,
        };
    }
}
