using Dapr.Actors.Runtime;
using DaprSupport.Contracts;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// <see cref="IOpenSessionIndexActor"/>: session id → the latest version seen, resolved ones removed. The set is
/// saved when a session joins or leaves it; a newer version of a session it holds stays in memory (after a
/// reactivation the index knows an older version, which at worst lets a late event through: a session looked at once
/// more). So does when each session was last queued: after a reactivation it is unknown, and the job looks at the
/// session as before.
/// </summary>
[Actor(TypeName = ActorTypes.OpenSessionIndex)]
public sealed class OpenSessionIndexActor(ActorHost host) : Actor(host), IOpenSessionIndexActor
{
    private const string StateKey = "open";
    private readonly Dictionary<string, DateTimeOffset> _queuedAt = new(StringComparer.Ordinal);

    public async Task TrackAsync(TrackedSession session)
    {
        var open = await LoadAsync();
        var change = OpenSessionIndexRules.Decide(open, session);
        OpenSessionIndexRules.Apply(open, session, change);
        OpenSessionIndexRules.ApplyQueuedAt(_queuedAt, session, change);
        if (change is IndexChange.Added or IndexChange.Removed)
        {
            await StateManager.SetStateAsync(StateKey, open);
            await StateManager.SaveStateAsync();
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync() => [.. (await LoadAsync()).Keys];

    public async Task<IReadOnlyList<ListedSession>> ListWithQueuedAtAsync() =>
        [.. (await LoadAsync()).Keys.Select(id => new ListedSession(id, QueuedAtOf(id)))];

    private DateTimeOffset? QueuedAtOf(string sessionId) =>
        _queuedAt.TryGetValue(sessionId, out var at) ? at : null;

    private async Task<Dictionary<string, long>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<Dictionary<string, long>>(StateKey);
        return stored.HasValue ? stored.Value : new Dictionary<string, long>(StringComparer.Ordinal);
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
