namespace DaprSupport.Contracts.Timeline;

/// <summary>The <c>event</c> names of timeline event items.</summary>
public static class TimelineEvents
{
    public const string Queued = "queued";
    public const string Offered = "offered";
    public const string Assigned = "assigned";
    public const string Transferred = "transferred";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";
    public const string SlaBreached = "sla_breached";

    /// <summary>A start outside business hours became an offline ticket; the item's text is the offline
    /// message.</summary>
    public const string Offline = "offline";

    /// <summary>A supervisor took the chat from its agent (text: the agent's id).</summary>
    public const string TakenOver = "taken_over";
}
