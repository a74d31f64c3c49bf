using System.Text;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// The placement table: which app instances (sidecars, by <see cref="Engine.Sidecar.InstanceName"/>) host which actor
/// types, and which of them owns a given actor id. With several hosts an id goes to the host with the highest
/// rendezvous hash, so adding or removing a host only moves the ids that must move (a consistent hash, as the placement
/// service's hashing ring over daprd instances is). Every instance of an app is a host of its own, as each daprd
/// registers with placement under its own address.
/// </summary>
internal sealed class ActorPlacement
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, ActorTypeSettings>> _hostsByType = new(StringComparer.Ordinal);

    public void AddHost(string instance, ActorHostConfig config)
    {
        lock (_gate)
        {
            foreach (var (type, settings) in config.Types)
            {
                if (!_hostsByType.TryGetValue(type, out var hosts))
                {
                    _hostsByType[type] = hosts = new Dictionary<string, ActorTypeSettings>(StringComparer.Ordinal);
                }

                hosts[instance] = settings;
            }
        }
    }

    /// <summary>Removes an instance from every type; returns the types it hosted.</summary>
    public IReadOnlyList<string> RemoveHost(string instance)
    {
        lock (_gate)
        {
            var removed = new List<string>();
            foreach (var (type, hosts) in _hostsByType)
            {
                if (hosts.Remove(instance))
                {
                    removed.Add(type);
                }
            }

            return removed;
        }
    }

    /// <summary>The instance that owns the actor and the type's settings there, or null when none hosts the type.</summary>
    public (string Instance, ActorTypeSettings Settings)? Lookup(string actorType, string actorId)
    {
        lock (_gate)
        {
            if (!_hostsByType.TryGetValue(actorType, out var hosts) || hosts.Count == 0)
            {
                return null;
            }

            var best = hosts.MaxBy(h => Score(h.Key, actorType, actorId));
            return (best.Key, best.Value);
        }
    }

    public bool Hosts(string instance, string actorType)
    {
        lock (_gate)
        {
            return _hostsByType.TryGetValue(actorType, out var hosts) && hosts.ContainsKey(instance);
        }
    }

    public IReadOnlyList<string> TypesOf(string instance)
    {
        lock (_gate)
        {
            return [.. _hostsByType.Where(t => t.Value.ContainsKey(instance)).Select(t => t.Key).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The shortest scan interval of any hosted type (how often idle actors are looked for).</summary>
    public TimeSpan? ShortestScanInterval()
    {
        lock (_gate)
        {
            var intervals = _hostsByType.Values.SelectMany(h => h.Values).Select(s => s.ScanInterval).ToList();
            return intervals.Count == 0 ? null : intervals.Min();
        }
    }

    private static ulong Score(string instance, string actorType, string actorId)
    {
        // FNV-1a over "instance|type|id": stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{instance}|{actorType}|{actorId}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
