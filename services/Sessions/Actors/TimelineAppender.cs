using Dapr.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.History;
using DaprSupport.Sessions.Metrics;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The session actor's write path: numbers new timeline items, makes them durable in the history store, saves the
/// session's state, and only then tells everyone (the timeline and lifecycle topics). Called inside the actor's turn.
/// A text's only durable write is its history record (<see cref="AppendTextAsync"/>); status changes also save.
/// </summary>
public sealed class TimelineAppender(
    TimelineHistory history, DaprClient dapr, TimeProvider time, ILogger<TimelineAppender> logger)
{
    /// <summary>
    /// Numbers the items, writes them to the history store in one commit (durable before anyone hears of them),
    /// saves the actor state once and publishes them.
    /// </summary>
    internal async Task<SessionRecord> AppendAsync(SessionStore store, SessionRecord record, params NewItem[] newItems)
    {
        var session = record.Session;
        using var turn = AppendSpans.StartTurn(session.Tenant, session.SessionId, newItems.Length);
        var now = time.GetUtcNow();
        var items = newItems.Select((n, i) => n.Numbered(session, session.LastSeq + 1 + i, now)).ToList();
        if (items.Count > 0)
        {
            using (AppendSpans.Step(SupportMetrics.AppendSteps.History))
            {
                await history.StoreAllAsync(items, CancellationToken.None);
            }

            record = record with { Session = session with { LastSeq = items[^1].Seq } };
            foreach (var item in items.Where(i => !string.IsNullOrEmpty(i.ClientMsgId)))
            {
                record = record.Remember(item.ClientMsgId!, item.Seq);
            }
        }

        // The seqs are taken only once the actor state says so: a crash before this point reuses them for items
        // nobody was told about, never for ones already delivered.
        using (AppendSpans.Step(SupportMetrics.AppendSteps.State))
        {
            record = await store.SaveAsync(record);
        }

        using (AppendSpans.Step(SupportMetrics.AppendSteps.Publish))
        {
            foreach (var item in items)
            {
                await PublishQuietlyAsync(Topics.Timeline, item, session.SessionId);
            }
        }

        return record;
    }

    /// <summary>
    /// A text or note: written to the history store first-write on its seq (its one durable write, which takes the
    /// seq), applied to the record in memory (<see cref="TextRules"/>, saved only now and then by
    /// <see cref="SessionStore.KeepAsync"/>) and published. A taken seq fails the turn, which forgets the record in
    /// memory; the client's retry (same clientMsgId) then finds its item or appends it after what is there.
    /// </summary>
    internal async Task<SessionRecord> AppendTextAsync(
        SessionStore store, SessionRecord record, NewItem text, bool awaitsReplies)
    {
        var session = record.Session;
        using var turn = AppendSpans.StartTurn(session.Tenant, session.SessionId, 1);
        var item = text.Numbered(session, session.LastSeq + 1, time.GetUtcNow());
        using (AppendSpans.Step(SupportMetrics.AppendSteps.History))
        {
            await history.ClaimAsync(item, CancellationToken.None);
        }

        using (AppendSpans.Step(SupportMetrics.AppendSteps.State))
        {
            record = await store.KeepAsync(TextRules.Apply(record, item, awaitsReplies));
        }

        using (AppendSpans.Step(SupportMetrics.AppendSteps.Publish))
        {
            await PublishQuietlyAsync(Topics.Timeline, item, session.SessionId);
        }

        return record;
    }

    /// <summary>
    /// A status change: its timeline items and the new status in one history commit and one state save.
    /// </summary>
    internal Task<SessionResult> CommitAsync(
        SessionStore store, SessionRecord record, string change, params NewItem[] items) =>
        CommitAsync(store, record, change, null, items);

    /// <summary>
    /// A status change that also ends agents' offers without their accept (<see cref="SessionChanged.EndedOffers"/>).
    /// </summary>
    internal async Task<SessionResult> CommitAsync(
        SessionStore store, SessionRecord record, string change, IReadOnlyList<EndedOffer>? ended,
        params NewItem[] items)
    {
        record = await AppendAsync(store, record, items);
        var changed = new SessionChanged(
            record.Session, change, time.GetUtcNow(), ended is { Count: > 0 } ? ended : null);
        await PublishQuietlyAsync(Topics.SessionLifecycle, changed, record.Session.SessionId);
        return SessionResult.Ok(record.Session);
    }

    /// <summary>
    /// Pub/sub is the live path only: the history store already holds every item and readers catch up from it
    /// (hello.resume / timeline reads), so a failed publish loses nothing.
    /// </summary>
    internal async Task PublishQuietlyAsync<T>(string topic, T data, string sessionId)
    {
        try
        {
            await dapr.PublishEventAsync(Components.PubSub, topic, data, PartitionedBy(sessionId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not publish {Topic} for session {Session}", topic, sessionId);
        }
    }

    /// <summary>An SLA breach, published as is (not quietly): a failure fails the reminder's turn.</summary>
    internal Task PublishBreachAsync(SlaBreach breach) =>
        dapr.PublishEventAsync(Components.PubSub, Topics.SlaBreached, breach, PartitionedBy(breach.SessionId));

    /// <summary>A routing wake-up for the tenant's sessions app (partition key = tenant, like the router's).</summary>
    internal Task PublishWakeUpAsync(RoutingWakeUp wakeUp) =>
        dapr.PublishEventAsync(Components.PubSub, Topics.RoutingWakeUp, wakeUp, PartitionedBy(wakeUp.Tenant));

    private static Dictionary<string, string> PartitionedBy(string sessionId) =>
        new() { [Topics.PartitionKeyMetadata] = sessionId };
}
