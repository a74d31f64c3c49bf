using Dapr.Actors.Runtime;
using DaprSupport.Contracts;

namespace DaprSupport.Sessions.Jobs;

/// <summary><see cref="IOpenSessionIndexActor"/>: session id → the latest version seen, resolved ones
/// removed.</summary>
[Actor(TypeName = ActorTypes.OpenSessionIndex)]
public sealed class OpenSessionIndexActor(ActorHost host) : Actor(host), IOpenSessionIndexActor
{
    private const string StateKey = "open";

    public async Task TrackAsync(TrackedSession session)
    {
        var stored = await StateManager.TryGetStateAsync<Dictionary<string, long>>(StateKey);
        var open = stored.HasValue ? stored.Value : new Dictionary<string, long>(StringComparer.Ordinal);
        var next = OpenSessionIndexRules.Track(open, session);
        if (next.Count == open.Count && next.All(e => open.TryGetValue(e.Key, out var v) && v == e.Value))
        {
            return;
        }

        await StateManager.SetStateAsync(StateKey, next);
        await StateManager.SaveStateAsync();
    }

    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var stored = await StateManager.TryGetStateAsync<Dictionary<string, long>>(StateKey);
        return stored.HasValue ? [.. stored.Value.Keys] : [];
    }
}

/// <summary><see cref="IHousekeepingTenantsActor"/>: a set of tenant names.</summary>
[Actor(TypeName = ActorTypes.HousekeepingTenants)]
public sealed class HousekeepingTenantsActor(ActorHost host) : Actor(host), IHousekeepingTenantsActor
{
    private const string StateKey = "tenants";

    public async Task AddAsync(string tenant)
    {
        var tenants = await LoadAsync();
        if (tenants.Add(tenant))
        {
            await StateManager.SetStateAsync(StateKey, tenants);
            await StateManager.SaveStateAsync();
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync() => [.. await LoadAsync()];

    private async Task<SortedSet<string>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<SortedSet<string>>(StateKey);
        return stored.HasValue ? stored.Value : new SortedSet<string>(StringComparer.Ordinal);
    }
}
