namespace DaprSupport.Sessions.Visitors;

/// <summary>Section <c>Visitors</c>: what one visitor may hold (docs/security.md "Caps").</summary>
public sealed class VisitorOptions
{
    public const string Section = "Visitors";

    /// <summary>
    /// Sessions one visitor may have open (not resolved) at once; the next start is resource_exhausted.
    /// </summary>
    public int MaxOpenSessions { get; set; } = 3;

    /// <summary>
    /// How long a slot taken for a session that does not exist yet is kept (its creation may still be under way);
    /// after that a slot whose session never appeared is given back.
    /// </summary>
    public TimeSpan PendingCreateGrace { get; set; } = TimeSpan.FromMinutes(1);
}
