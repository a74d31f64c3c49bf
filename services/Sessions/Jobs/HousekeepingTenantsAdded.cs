using System.Collections.Concurrent;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// The tenants this replica has added to <see cref="IHousekeepingTenantsActor"/>, a set that only grows: a tenant's
/// next start is then not a turn of that one actor, which every tenant's every start took before.
/// </summary>
public sealed class HousekeepingTenantsAdded
{
    private readonly ConcurrentDictionary<string, byte> _tenants = new(StringComparer.Ordinal);

    public bool Contains(string tenant) => _tenants.ContainsKey(tenant);

    public void Add(string tenant) => _tenants.TryAdd(tenant, 0);
}
