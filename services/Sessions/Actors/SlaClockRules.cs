using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The session's SLA clocks, each a one-shot actor reminder started with the clock (first response at the accept,
/// resolution at the creation, a reopen or an offline ticket's opening). The Scheduler drops a one-shot reminder once
/// its trigger succeeds, and triggers it again when the turn fails (daprd 1.17: after 1 s, three times) only while it
/// is still registered, so the callback never removes its own reminder: a breach whose recording failed is recorded
/// at the next trigger. The record says which breaches its timeline already holds, and since when (saved in the same
/// turn as the breach's item), so a trigger after a turn that recorded the breach and then failed (its publish)
/// publishes it again without a second timeline item or a second count in the metrics and the SLA feed, and with the
/// same <c>at</c>, which subscribers dedupe on (docs/events.md).
/// </summary>
internal static class SlaClockRules
{
    /// <summary>
    /// What a trigger of the clock <paramref name="kind"/> at <paramref name="now"/> does with the session.
    /// </summary>
    public static SlaTrigger OnTrigger(SessionRecord record, string kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (SessionRules.Breached(record.Session, kind) is not { } breach)
        {
            return default;
        }

        return record.BreachesRecorded?.TryGetValue(breach, out var at) == true
            ? new SlaTrigger(breach, false, at)
            : new SlaTrigger(breach, true, now);
    }

    /// <summary>
    /// The record with the clock <paramref name="kind"/> started afresh: a new breach of it is recorded.
    /// </summary>
    public static SessionRecord Started(SessionRecord record, string kind)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.BreachesRecorded?.ContainsKey(kind) != true)
        {
            return record;
        }

        var left = record.BreachesRecorded.Where(b => b.Key != kind).ToDictionary(StringComparer.Ordinal);
        return record with { BreachesRecorded = left.Count == 0 ? null : left };
    }

    /// <summary>
    /// The record saying its timeline holds the trigger's breach (saved with the breach's timeline item).
    /// </summary>
    public static SessionRecord WithRecorded(SessionRecord record, SlaTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(trigger.Breach);
        var recorded = new Dictionary<string, DateTimeOffset>(
            record.BreachesRecorded ?? new Dictionary<string, DateTimeOffset>(), StringComparer.Ordinal)
        {
            [trigger.Breach] = trigger.At,
        };
        return record with { BreachesRecorded = recorded };
    }
}

/// <summary>
/// A clock's trigger: the breach it finds (none when the session is no longer in breach), whether to record it in the
/// timeline (false when an earlier trigger did, and only its publish is left), and the breach's time (that earlier
/// trigger's, when there was one).
/// </summary>
internal readonly record struct SlaTrigger(string? Breach, bool Record, DateTimeOffset At);
