using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Contracts.Sessions;

/// <summary>
/// The <see cref="SessionChanged.Change"/> values: the timeline event of the transition, or a change that adds no
/// timeline item (an offer withdrawn or lapsed, the session back in its queue).
/// </summary>
public static class SessionChanges
{
    public const string Queued = TimelineEvents.Queued;
    public const string Offered = TimelineEvents.Offered;
    public const string Assigned = TimelineEvents.Assigned;
    public const string Transferred = TimelineEvents.Transferred;
    public const string Resolved = TimelineEvents.Resolved;
    public const string Reopened = TimelineEvents.Reopened;
    public const string Offline = TimelineEvents.Offline;
    public const string TakenOver = TimelineEvents.TakenOver;
    public const string OfferWithdrawn = "offer_withdrawn";
    public const string Requeued = TimelineEvents.Requeued;
}
