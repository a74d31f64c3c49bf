using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Metrics;

/// <summary>
/// What a session's transitions record in <see cref="SupportMetrics"/> (labels: its tenant and skill group).
/// </summary>
internal static class SessionMetrics
{
    public static void Created(SessionSnapshot session, string skill) =>
        SupportMetrics.SessionsCreated.WithLabels(session.Tenant, skill).Inc();

    public static void Offer(SessionSnapshot session, string skill, string outcome) =>
        SupportMetrics.Offers.WithLabels(session.Tenant, skill, outcome).Inc();

    /// <summary>An agent took the session: the queue wait ends assigned and the offer was accepted.</summary>
    public static void Accepted(SessionSnapshot before, string skill, DateTimeOffset now)
    {
        if (before.QueuedAt is { } queuedAt)
        {
            SupportMetrics.QueueWait.WithLabels(before.Tenant, skill, SupportMetrics.Outcomes.Assigned)
                .Observe((now - queuedAt).TotalSeconds);
        }

        Offer(before, skill, SupportMetrics.OfferOutcomes.Accepted);
    }

    public static void Transferred(SessionSnapshot session, string skill) =>
        SupportMetrics.Sessions.WithLabels(session.Tenant, skill, SupportMetrics.Outcomes.Transferred).Inc();

    /// <summary>
    /// The session ended: resolved (an agent had it; resolution time from creation) or abandoned (nobody took it; its
    /// queue wait ends abandoned). Returns the outcome.
    /// </summary>
    public static string Ended(SessionSnapshot before, string skill, bool answered, DateTimeOffset now)
    {
        var outcome = answered ? SupportMetrics.Outcomes.Resolved : SupportMetrics.Outcomes.Abandoned;
        SupportMetrics.Sessions.WithLabels(before.Tenant, skill, outcome).Inc();
        if (!answered && before.QueuedAt is { } queuedAt)
        {
            SupportMetrics.QueueWait.WithLabels(before.Tenant, skill, outcome).Observe((now - queuedAt).TotalSeconds);
        }

        if (answered && before.CreatedAt is { } created)
        {
            SupportMetrics.Resolution.WithLabels(before.Tenant, skill).Observe((now - created).TotalSeconds);
        }

        return outcome;
    }

    /// <summary>
    /// The first agent text of the session, timed from the visitor's first message (the start's text).
    /// </summary>
    public static void FirstResponse(SessionSnapshot session, string skill, DateTimeOffset now)
    {
        if (session.CreatedAt is { } created)
        {
            SupportMetrics.FirstResponse.WithLabels(session.Tenant, skill).Observe((now - created).TotalSeconds);
        }
    }

    public static void Breached(SessionSnapshot session, string skill, string kind) =>
        SupportMetrics.SlaBreaches.WithLabels(session.Tenant, skill, kind).Inc();
}
