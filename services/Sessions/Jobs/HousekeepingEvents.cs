using System.Text.Json;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// Keeps each tenant's <see cref="IOpenSessionIndexActor"/> shares from the session lifecycle events, taken in batches
/// (Dapr's bulk subscribe): the index is read by the housekeeping job, so half a second of delay costs nothing, while
/// one delivery per event was three app-channel calls per session start.
/// </summary>
public static class HousekeepingEvents
{
    public const string TenantsActorId = "tenants";

    /// <summary>Events per batch at most, and how long Dapr waits to fill one.</summary>
    public const int BatchSize = 100;

    public static readonly TimeSpan BatchWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Index shares updated at once within one batch.</summary>
    private const int Parallelism = 16;

    public static IEndpointRouteBuilder MapHousekeepingEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events/housekeeping/session-changed", OnBatchAsync)
            .SubscribesInBatchesTo(Components.PubSub, Topics.SessionLifecycle, BatchSize, BatchWait);
        return routes;
    }

    /// <summary>The index share that holds <paramref name="sessionId"/>.</summary>
    public static IOpenSessionIndexActor Index(this IActorProxyFactory actors, string tenant, string sessionId) =>
        actors.CreateActorProxy<IOpenSessionIndexActor>(
            OpenSessionIndexRules.ActorId(tenant, sessionId), ActorTypes.OpenSessionIndex);

    /// <summary>Every share of the tenant's index, the unsharded one of earlier versions last.</summary>
    public static IEnumerable<IOpenSessionIndexActor> IndexShares(this IActorProxyFactory actors, string tenant) =>
        Enumerable.Range(0, OpenSessionIndexRules.Buckets)
            .Select(b => OpenSessionIndexRules.Bucket(tenant, b))
            .Append(OpenSessionIndexRules.Unsharded(tenant))
            .Select(id => actors.CreateActorProxy<IOpenSessionIndexActor>(id, ActorTypes.OpenSessionIndex));

    public static IHousekeepingTenantsActor HousekeepingTenants(this IActorProxyFactory actors) =>
        actors.CreateActorProxy<IHousekeepingTenantsActor>(new ActorId(TenantsActorId), ActorTypes.HousekeepingTenants);

    /// <summary>
    /// A batch in entry order: the tenants it may add first (a set: adding one again writes nothing), then each index
    /// share's updates one after another, the shares in parallel. An update that failed, and the later ones of its
    /// share, are answered RETRY, so Dapr delivers them again; the index orders updates by version, so a redelivery
    /// after a newer one changes nothing.
    /// </summary>
    private static async Task<Ok<BulkSubscribeAppResponse>> OnBatchAsync(
        BulkSubscribeMessage<JsonElement> batch, IActorProxyFactory actors, HousekeepingTenantsAdded added,
        ILoggerFactory logs, CancellationToken aborted)
    {
        var entries = batch.Entries ?? [];
        var (updates, malformed) = HousekeepingBatch.Plan(entries);
        var logger = logs.CreateLogger(typeof(HousekeepingEvents));
        if (malformed.Count > 0)
        {
            logger.LogWarning("{Count} entries of a session-changed batch hold no session change", malformed.Count);
        }

        var failedTenants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tenant in updates.Where(u => u.MayBeNewTenant && !added.Contains(u.Tenant))
                     .Select(u => u.Tenant).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await actors.HousekeepingTenants().AddAsync(tenant);
                added.Add(tenant);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not list tenant {Tenant} for housekeeping", tenant);
                failedTenants.Add(tenant);
            }
        }

        // A tenant that could not be listed keeps all its updates for the redelivery, so they stay in order.
        var shares = updates.Where(u => !failedTenants.Contains(u.Tenant))
            .GroupBy(u => OpenSessionIndexRules.ActorId(u.Tenant, u.Session.SessionId));
        var done = await BulkSubscribeEntries.InGroupsAsync(shares, Parallelism,
            update => actors.Index(update.Tenant, update.Session.SessionId).TrackAsync(update.Session),
            (update, e) => logger.LogWarning(e, "Could not track session {Session} of {Tenant}",
                update.Session.SessionId, update.Tenant),
            aborted);
        return TypedResults.Ok(HousekeepingBatch.Answer(
            entries.Select(e => e.EntryId), malformed, updates, done));
    }
}
