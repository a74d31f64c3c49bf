using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Visitors;

/// <summary>A visitor's slots: each session it opened, with when the slot was taken.</summary>
public sealed record OpenSlot(string SessionId, DateTimeOffset TakenAt);

/// <summary>
/// The decisions of <see cref="VisitorActor"/>, without effects: which slots are still held, and whether a session
/// may take one.
/// </summary>
public static class OpenSessions
{
    /// <summary>
    /// Whether the slot still counts, given its session's status now: an ended session gives it back, so does a
    /// session that never appeared within <paramref name="grace"/> (its create failed).
    /// </summary>
    public static bool StillHeld(OpenSlot slot, SessionStatus status, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return status switch
        {
            SessionStatus.Resolved => false,
            SessionStatus.None => now - slot.TakenAt < grace,
            _ => true,
        };
    }

    /// <summary>The slots after admitting <paramref name="sessionId"/>, or null when the visitor holds max.</summary>
    public static IReadOnlyList<OpenSlot>? Admit(
        IReadOnlyList<OpenSlot> held, string sessionId, int max, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.Any(s => s.SessionId == sessionId))
        {
            return held;
        }

        return held.Count < max ? [.. held, new OpenSlot(sessionId, now)] : null;
    }

    /// <summary>
    /// The visitor's remembered sessions after <paramref name="sessionId"/> opened (newest first, at most
    /// <see cref="VisitorSessionSummary.MaxRemembered"/>); the same list when it is already remembered.
    /// </summary>
    public static IReadOnlyList<OpenSlot> Remember(
        IReadOnlyList<OpenSlot> history, string sessionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Any(s => s.SessionId == sessionId)
            ? history
            : [new OpenSlot(sessionId, now), .. history.Take(VisitorSessionSummary.MaxRemembered - 1)];
    }
}
