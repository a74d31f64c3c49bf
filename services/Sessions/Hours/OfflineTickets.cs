using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Hours;

/// <summary>
/// Offline tickets as pure transitions: a start outside business hours, and the ticket queued once they open.
/// </summary>
internal static class OfflineTickets
{
    /// <summary>What the visitor reads when the tenant has no offline message of its own.</summary>
    public const string DefaultMessage =
        "We are offline right now. Leave your message here and we will answer when we are back.";

    /// <summary>The session a start made (<c>SessionRules.Create</c>) as an offline ticket: not queued yet.</summary>
    public static SessionSnapshot Offline(SessionSnapshot created) =>
        created with { Status = SessionStatus.Offline, QueuedAt = null, OfflineAt = created.CreatedAt };

    /// <summary>The ticket in its skill queue from now on.</summary>
    public static SessionSnapshot Opened(SessionSnapshot ticket, DateTimeOffset now) =>
        ticket with { Status = SessionStatus.Queued, QueuedAt = now };
}
