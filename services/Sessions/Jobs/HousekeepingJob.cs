using Dapr.Actors.Client;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts.Sessions;
using DaprSupport.History;
using DaprSupport.Sessions.Coordination;
using DaprSupport.Sessions.Hours;
using Microsoft.Extensions.Options;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// The idle-session housekeeping job (<see cref="HousekeepingRules"/>), for every tenant with open sessions: offline
/// tickets are queued once their tenant's hours are open, queued sessions whose visitor is gone are abandoned, idle
/// assigned sessions are resolved. Each change goes through the session actor on the version it was decided on, then
/// the router and the dispatcher hear of it as they do of a visitor's or agent's own change. History needs no sweep:
/// every item is written with the tenant's retention as its TTL and the history store deletes expired rows itself.
/// A session queued more recently than the tenant's shorter limit is not read at all (<see
/// cref="HousekeepingRules.MayApply"/>): at a sweep most open sessions are young.
/// </summary>
public sealed class HousekeepingJob(
    IActorProxyFactory actors,
    SessionFlows flows,
    OfferDispatcher dispatcher,
    QueuePositionPublisher positions,
    TenantHours hours,
    TenantConfigCache config,
    TimelineHistory history,
    IOptions<HousekeepingOptions> options,
    TimeProvider time,
    ILogger<HousekeepingJob> logger) : ISingletonJob
{
    /// <summary>Timeline items read back to find a session's last activity.</summary>
    public const int TailItems = 50;

    public const string JobName = "housekeeping";

    public string Name => JobName;

    public TimeSpan Period => options.Value.Period;

    public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        foreach (var tenant in await actors.HousekeepingTenants().ListAsync())
        {
            var limits = LimitsFor(tenant);
            var open = hours.IsOpenNow(tenant);
            foreach (var share in actors.IndexShares(tenant))
            {
                foreach (var listed in await ListAsync(share))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (HousekeepingRules.MayApply(listed.QueuedAt, time.GetUtcNow(), limits))
                    {
                        await HousekeepAsync(tenant, listed.SessionId, open, limits, share, cancellationToken);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A share's sessions with when each was queued; a share hosted by a replica of the previous release knows only
    /// the ids (a rolling update), and every session is looked at.
    /// </summary>
    private async Task<IReadOnlyList<ListedSession>> ListAsync(IOpenSessionIndexActor share)
    {
        try
        {
            return await share.ListWithQueuedAtAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Listing with queue times failed; listing ids only");
            return [.. (await share.ListAsync()).Select(id => new ListedSession(id, null))];
        }
    }

    /// <summary>The tenant's limits: its document's, else the service's.</summary>
    public HousekeepingLimits LimitsFor(string tenant)
    {
        var defaults = options.Value;
        var set = config.TryGet(tenant, out var snapshot) ? snapshot.Document.Housekeeping : null;
        return new HousekeepingLimits(
            set?.AbandonQueuedAfterSeconds is { } gone ? TimeSpan.FromSeconds(gone) : defaults.AbandonQueuedAfter,
            set?.ResolveIdleAfterSeconds is { } idle ? TimeSpan.FromSeconds(idle) : defaults.ResolveIdleAfter);
    }

    private async Task HousekeepAsync(
        string tenant, string sessionId, bool hoursOpen, HousekeepingLimits limits, IOpenSessionIndexActor listedIn,
        CancellationToken cancellationToken)
    {
        var actor = actors.Session(tenant, sessionId);
        var session = await actor.GetAsync();
        if (session.Status is SessionStatus.Resolved or SessionStatus.None)
        {
            // Its resolved event was lost or is late: the index share that listed it learns it now.
            await listedIn.TrackAsync(new TrackedSession(sessionId, session.Status, session.Version));
            return;
        }

        var tail = session.Status is SessionStatus.Queued or SessionStatus.Assigned
            ? await history.ReadAsync(
                tenant, sessionId, Math.Max(0, session.LastSeq - TailItems), session.LastSeq, cancellationToken)
            : [];
        var action = HousekeepingRules.Decide(session, tail, time.GetUtcNow(), hoursOpen, limits);
        if (action is null)
        {
            return;
        }

        var result = await actor.HousekeepAsync(new HousekeepRequest(action, session.Version));
        if (result.Session is null)
        {
            return;
        }

        switch (action)
        {
            case HousekeepActions.Open:
                await flows.EnqueueIfQueuedAsync(tenant, result);
                break;
            case HousekeepActions.Abandon:
                await actors.Router(tenant).RemoveAsync(sessionId);
                await positions.PublishAsync(tenant);
                break;
            default:
                await actors.Router(tenant).RemoveAsync(sessionId);
                await dispatcher.RefreshAgentAsync(tenant, session.AgentId!);
                dispatcher.Schedule(tenant);
                break;
        }
    }
}
