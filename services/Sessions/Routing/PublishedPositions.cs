using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// The queue orders a router last handed out for publishing, so only skill queues whose order changed are published
/// again (an emptied queue as an empty list). Kept by the router activation, the one place a tenant's queues change,
/// so every sessions replica publishing through it agrees on what was published last; a new activation starts empty
/// and publishes every queue once.
/// </summary>
internal sealed class PublishedPositions
{
    private readonly Dictionary<string, string[]> _published = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);

    /// <summary>
    /// A session entered this skill's queue again: publish the queue next time even if its order looks unchanged
    /// (the session's own status change carries no position).
    /// </summary>
    public void Invalidate(string skill) => _stale.Add(skill);

    /// <summary>
    /// The queues (in skill order) that differ from what was last handed out; records them as handed out.
    /// </summary>
    public IReadOnlyList<QueuePositions> TakeChanges(
        string tenant, IReadOnlyDictionary<string, string[]> current, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<QueuePositions>();
        foreach (var (skill, ids) in current)
        {
            if (_stale.Contains(skill)
                || !_published.TryGetValue(skill, out var last)
                || !last.AsSpan().SequenceEqual(ids))
            {
                _published[skill] = ids;
                changes.Add(new QueuePositions(tenant, skill, asOf, ids));
            }
        }

        foreach (var skill in _published.Keys.Where(s => !current.ContainsKey(s)).ToList())
        {
            _published.Remove(skill);
            changes.Add(new QueuePositions(tenant, skill, asOf, []));
        }

        _stale.Clear();
        changes.Sort((a, b) => string.CompareOrdinal(a.Skill, b.Skill));
        return changes;
    }
}
