using Dapr.Actors.Runtime;
using DaprSupport.Contracts;

namespace DaprSupport.Configuration.Actors;

[Actor(TypeName = ActorTypes.TenantCatalog)]
public sealed class TenantCatalogActor(ActorHost host) : Actor(host), ITenantCatalogActor
{
    private const string StateKey = "versions";

    public async Task RecordAsync(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var versions = await GetVersionsAsync();
        if (versions.TryGetValue(entry.Tenant, out var known) && known >= entry.Version)
        {
            return;
        }

        versions[entry.Tenant] = entry.Version;
        await StateManager.SetStateAsync(StateKey, versions);
    }

    public async Task<Dictionary<string, long>> GetVersionsAsync()
    {
        var stored = await StateManager.TryGetStateAsync<Dictionary<string, long>>(StateKey);
        return stored.HasValue
            ? new Dictionary<string, long>(stored.Value, StringComparer.Ordinal)
            : new(StringComparer.Ordinal);
    }
}
