using System.Text.Json;
using Dapr.Actors;
using Dapr.AspNetCore;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Events;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Webhooks;

/// <summary>One event to queue on one endpoint's actor, for one entry of a bulk delivery.</summary>
public sealed record WebhookDispatch(string EntryId, ActorId ActorId, WebhookEvent Event);

/// <summary>
/// The decisions for one bulk delivery of a public topic, apart from their effects: which endpoint actors each entry
/// goes to (<see cref="Plan"/>), in what order per actor (<see cref="ByActor"/>), and the per-entry statuses to answer
/// (<see cref="Answer"/>). An entry is SUCCESS once every actor it goes to has queued it (or it goes to none: no
/// identity, an unknown tenant, no endpoint for the topic). Within one actor's queue the first failure holds back the
/// entries after it, so they are all retried in their order and an endpoint never sees a later event before an
/// earlier one; entries for other actors are not held back. A retried entry is queued again on the actors that already
/// have it, which drop it as a duplicate of its event id.
/// </summary>
public static class WebhookBatch
{
    public static IReadOnlyList<WebhookDispatch> Plan(
        string topic, IEnumerable<BulkSubscribeMessageEntry<JsonElement>> entries,
        Func<string, TenantConfigDocument?> tenants, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(tenants);
        var plan = new List<WebhookDispatch>();
        foreach (var entry in entries)
        {
            if (BulkSubscribeEntries.Data(entry.Event) is not { } data
                || EventIdentity.Of(topic, data) is not var (tenant, id)
                || tenants(tenant) is not { } document)
            {
                continue;
            }

            var webhookEvent = new WebhookEvent(id, topic, now, data.Clone());
            plan.AddRange(document.Webhooks
                .Where(w => w.Enabled && w.Events.Contains(topic))
                .Select(w => new WebhookDispatch(entry.EntryId, ActorIds.Webhook(tenant, w.Id), webhookEvent)));
        }

        return plan;
    }

    /// <summary>The dispatches grouped by actor, each group in entry order.</summary>
    public static IReadOnlyList<IReadOnlyList<WebhookDispatch>> ByActor(IReadOnlyList<WebhookDispatch> plan) =>
        [.. plan.GroupBy(d => d.ActorId).Select(g => (IReadOnlyList<WebhookDispatch>)[.. g])];

    /// <summary>
    /// SUCCESS for every entry whose dispatches all appear in <paramref name="queued"/>, RETRY for the others; entries
    /// with no dispatch are SUCCESS.
    /// </summary>
    public static BulkSubscribeAppResponse Answer(
        IEnumerable<string> entryIds, IReadOnlyList<WebhookDispatch> plan, IReadOnlySet<WebhookDispatch> queued)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(queued);
        return BulkSubscribeEntries.Answer(entryIds,
            plan.Where(d => !queued.Contains(d)).Select(d => d.EntryId).ToHashSet(StringComparer.Ordinal));
    }
}
