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

    /// <summary>
    /// An assigned session taken from its agent and queued for another; the item's text is the reason
    /// (<see cref="RequeueReasons"/>).
    /// </summary>
    public const string Requeued = "requeued";
}

/// <summary>The text of a <see cref="TimelineEvents.Requeued"/> item: why the session left its agent.</summary>
public static class RequeueReasons
{
    /// <summary>The agent went offline (set presence or a lapsed lease) and did not return within the grace.</summary>
    public const string AgentOffline = "agent_offline";

    /// <summary>
    /// The agent did not answer the visitor's latest message within the group's reassignAfterSeconds.
    /// </summary>
    public const string NoReply = "no_reply";
}
