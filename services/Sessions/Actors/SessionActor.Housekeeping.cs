using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Hours;
using DaprSupport.Sessions.Jobs;
using DaprSupport.Sessions.Metrics;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// The session actor's business-hours and housekeeping turns: a start outside the hours (an offline ticket), and the
/// housekeeping job's changes (<see cref="HousekeepingRules"/>).
/// </summary>
public sealed partial class SessionActor
{
    /// <summary>Who housekeeping changes are from in the timeline.</summary>
    private static readonly Participant Housekeeper = new(Roles.System, "housekeeping", null);

    public async Task<SessionResult> CreateOfflineAsync(OfflineStart request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = request.Start;
        var record = await Store.LoadAsync();
        var skill = string.IsNullOrWhiteSpace(start.Skill) ? _options.DefaultSkill : start.Skill.Trim();
        var transition = SessionRules.Create(record.Session, start, skill, time.GetUtcNow());
        if (Settled(record, transition, null) is { } answer)
        {
            return answer;
        }

        // No SLA clock yet: the resolution target starts when the ticket is queued.
        record = record with { Session = OfflineTickets.Offline(transition.Next!) };
        var visitor = new Participant(Roles.Visitor, start.VisitorId, start.VisitorName);
        var offline = NewItem.Event(TimelineEvents.Offline, System, request.Message);
        NewItem[] items = string.IsNullOrEmpty(start.Text)
            ? [offline]
            : [new NewItem(TimelineItemKind.Text, null, visitor, start.Text, start.ClientMsgId), offline];
        var created = await appender.CommitAsync(Store, record, SessionChanges.Offline, items);
        SessionMetrics.Created(record.Session, skill);
        return created;
    }

    public async Task<SessionResult> HousekeepAsync(HousekeepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await Store.LoadAsync();
        var session = record.Session;
        if (!HousekeepingRules.StillApplies(session, request))
        {
            return SessionResult.Fail(SupportError.Conflict("The session changed since housekeeping looked at it."));
        }

        var now = time.GetUtcNow();
        var skill = SkillOf(session);
        if (request.Action == HousekeepActions.Open)
        {
            var resolution = _options.SlaFor(session.Tenant, skill).Resolution;
            await RegisterReminderAsync(ResolutionReminder, null, resolution, Once);
            var opened = SlaClockRules.Started(
                record with { Session = OfflineTickets.Opened(session, now) }, SlaBreach.Resolution);
            return await appender.CommitAsync(
                Store, opened, TimelineEvents.Queued,
                NewItem.Event(TimelineEvents.Queued, System));
        }

        if (session.AgentId is { } agentId)
        {
            await actors.Agent(session.Tenant, agentId).ReleaseAsync(session.SessionId);
        }

        var outcome = SessionMetrics.Ended(session, skill, SessionRules.WasAnswered(session), now);
        await UnregisterQuietlyAsync(FirstResponseReminder);
        await UnregisterQuietlyAsync(ResolutionReminder);
        var resolved = SessionRules.Resolve(session, new ResolveRequest(Housekeeper.Id, Roles.Supervisor), now).Next!;
        return await appender.CommitAsync(
            Store, record with { Session = resolved }, TimelineEvents.Resolved,
            NewItem.Event(TimelineEvents.Resolved, Housekeeper, outcome));
    }
}
