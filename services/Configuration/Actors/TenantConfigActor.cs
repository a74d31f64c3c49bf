using System.Text.Json.Nodes;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using Dapr.Client;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using DaprSupport.Contracts;
using Microsoft.Extensions.Logging;

namespace DaprSupport.Configuration.Actors;

/// <summary>
/// Holds a tenant's signed configuration and its audit history. A write checks the expected version, validates,
/// signs the next version, saves, records it in the catalog and publishes it on
/// <see cref="Topics.TenantConfigChanged"/> (partition key = tenant) so every replica's cache applies it; the periodic
/// check covers a lost event.
/// </summary>
[Actor(TypeName = ActorTypes.TenantConfig)]
public sealed class TenantConfigActor(
    ActorHost host, TenantConfigSigner signer, IActorProxyFactory actors, DaprClient dapr, TimeProvider time,
    ILogger<TenantConfigActor> logger)
    : Actor(host), ITenantConfigActor
{
    public const int MaxHistory = 200;
    private const string CurrentKey = "current";
    private const string HistoryKey = "history";

    public async Task<ConfigRead> GetAsync()
    {
        var stored = await StateManager.TryGetStateAsync<SignedTenantConfig>(CurrentKey);
        return new ConfigRead(stored.HasValue ? stored.Value : null);
    }

    public async Task<IReadOnlyList<ConfigAuditEntry>> GetHistoryAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<ConfigAuditEntry>>(HistoryKey);
        return stored.HasValue ? stored.Value : [];
    }

    public async Task<ConfigWriteResult> WriteAsync(ConfigWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var current = (await GetAsync()).Current;
        if ((current?.Version ?? 0) != write.ExpectedVersion)
        {
            return new ConfigWriteResult(ConfigWriteOutcome.Stale, current, []);
        }

        var (document, errors) = ConfigDocuments.Read(write.Document);
        if (document is null)
        {
            return new ConfigWriteResult(ConfigWriteOutcome.Invalid, current, errors);
        }

        var tenant = Id.GetId();
        var json = ConfigDocuments.ToJson(document);
        var next = signer.Sign(tenant, write.ExpectedVersion + 1, json, time.GetUtcNow(), write.By);
        var changed = JsonChanges.Pointers(
            current is null ? null : JsonNode.Parse(current.Document.GetRawText()), JsonNode.Parse(json.GetRawText()));
        var history = (await GetHistoryAsync()).ToList();
        history.Add(new ConfigAuditEntry(next.Version, next.UpdatedAt, next.UpdatedBy, changed));
        await StateManager.SetStateAsync(CurrentKey, next);
        await StateManager.SetStateAsync(HistoryKey, history.Skip(Math.Max(0, history.Count - MaxHistory)).ToList());
        await StateManager.SaveStateAsync();

        await actors
            .CreateActorProxy<ITenantCatalogActor>(new ActorId(ITenantCatalogActor.Id), ActorTypes.TenantCatalog)
            .RecordAsync(new CatalogEntry(tenant, next.Version));
        try
        {
            await dapr.PublishEventAsync(Components.PubSub, Topics.TenantConfigChanged, next,
                new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = tenant });
        }
        catch (Exception e)
        {
            // Saved and in the catalog: replicas pick it up at their next periodic check.
            logger.LogWarning(
                e, "Configuration version {Version} of tenant {Tenant} saved but not published.", next.Version, tenant);
        }

        return new ConfigWriteResult(ConfigWriteOutcome.Written, next, []);
    }
}
