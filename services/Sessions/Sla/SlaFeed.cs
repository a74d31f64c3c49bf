using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Sla;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// What a session actor tells its tenant's <see cref="ISlaActor"/>, at the moments it already handles: assignment,
/// the first agent reply, transfer, the end and a breach (one actor call each; never per message). A failed call is
/// logged and dropped: the SLA figures must never fail a chat.
/// </summary>
public sealed class SlaFeed(IActorProxyFactory actors, ILogger<SlaFeed> logger)
{
    public Task AssignedAsync(SessionSnapshot before, string skill, string agentId, DateTimeOffset now) =>
        SendAsync(before.Tenant, new SlaEvent(
            SlaEventKinds.Assigned, before.SessionId, skill, now,
            before.QueuedAt is { } queued ? (now - queued).TotalSeconds : null, agentId, before.VisitorId));

    public Task FirstResponseAsync(SessionSnapshot session, string skill, DateTimeOffset now) =>
        session.CreatedAt is { } created
            ? SendAsync(session.Tenant, new SlaEvent(
                SlaEventKinds.FirstResponse, session.SessionId, skill, now, (now - created).TotalSeconds))
            : Task.CompletedTask;

    public Task ReleasedAsync(SessionSnapshot session, string skill, DateTimeOffset now) =>
        SendAsync(session.Tenant, new SlaEvent(SlaEventKinds.Released, session.SessionId, skill, now));

    /// <summary>The end: resolved (timed from creation) or abandoned (its queue wait).</summary>
    public Task EndedAsync(SessionSnapshot before, string skill, bool answered, DateTimeOffset now)
    {
        var (kind, since) = answered
            ? (SlaEventKinds.Resolved, before.CreatedAt)
            : (SlaEventKinds.Abandoned, before.QueuedAt ?? before.CreatedAt);
        return SendAsync(before.Tenant, new SlaEvent(
            kind, before.SessionId, skill, now, since is { } from ? (now - from).TotalSeconds : null));
    }

    public Task BreachedAsync(SessionSnapshot session, string skill, string breach, DateTimeOffset now) =>
        SendAsync(session.Tenant, new SlaEvent(
            breach == SlaBreach.FirstResponse ? SlaEventKinds.FirstResponseBreached : SlaEventKinds.ResolutionBreached,
            session.SessionId, skill, now));

    private async Task SendAsync(string tenant, SlaEvent slaEvent)
    {
        try
        {
            await actors.CreateActorProxy<ISlaActor>(ActorIds.Sla(tenant), ActorTypes.Sla).RecordAsync(slaEvent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(
                ex, "SLA event {Kind} of session {Session} was not recorded", slaEvent.Kind, slaEvent.SessionId);
        }
    }
}
