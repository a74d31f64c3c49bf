using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Metrics;

namespace DaprSupport.Sessions.Actors;

public sealed partial class SessionActor
{
    /// <summary>
    /// The session's clocks: the reply clock (<see cref="OnReplyOverdueAsync"/>) and the SLA clocks
    /// (<see cref="SlaClockRules"/>). Each is a one-shot reminder the Scheduler drops once its trigger succeeds and
    /// triggers again after a failed turn only while it is registered, so no callback removes its own reminder.
    /// </summary>
    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName == ReplyReminder)
        {
            await OnReplyOverdueAsync();
            return;
        }

        var kind = reminderName switch
        {
            FirstResponseReminder => SlaBreach.FirstResponse,
            ResolutionReminder => SlaBreach.Resolution,
            _ => null,
        };
        if (kind is null)
        {
            await UnregisterQuietlyAsync(reminderName);
            return;
        }

        await OnSlaClockAsync(kind);
    }

    private async Task OnSlaClockAsync(string kind)
    {
        var record = await Store.LoadAsync();
        var now = time.GetUtcNow();
        if (SlaClockRules.OnTrigger(record, kind, now) is not { Breach: { } breached } trigger)
        {
            return;
        }

        var session = record.Session;
        var skill = SkillOf(session);
        var sla = policies.SlaFor(session.Tenant, skill);
        if (trigger.Record)
        {
            await appender.AppendAsync(
                Store, SlaClockRules.WithRecorded(record, trigger),
                NewItem.Event(TimelineEvents.SlaBreached, System, breached));
            SessionMetrics.Breached(session, skill, breached);
            await slaFeed.BreachedAsync(session, skill, breached, trigger.At);
        }

        var threshold = breached == SlaBreach.FirstResponse ? sla.FirstResponse : sla.Resolution;
        await appender.PublishBreachAsync(
            new SlaBreach(session.Tenant, session.SessionId, skill, breached, threshold, trigger.At));
    }
}
