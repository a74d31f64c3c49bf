using System.Text;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;

namespace DaprSupport.Sessions.Routing;

/// <summary>
/// A <see cref="RouterState"/> as the router stores it: the agents, the waiting sessions and the offers each split
/// into <see cref="Count"/> buckets by a stable hash of their key, plus <see cref="RouterMeta"/>; so a turn writes the
/// few buckets whose entries it changed instead of the whole state. Reading joins every bucket whatever it was split
/// by, so entries in a bucket another count or hash would choose still load (and move on the next save).
/// </summary>
internal sealed class RouterBuckets
{
    /// <summary>
    /// Buckets per dictionary. Stored in <see cref="RouterMeta.BucketCount"/>; a change rewrites the state once.
    /// </summary>
    public const int Count = 32;

    private RouterBuckets(
        RouterMeta? meta,
        Dictionary<string, AgentSnapshot>[] agents,
        Dictionary<string, WaitingSession>[] waiting,
        Dictionary<string, PlannedOffer>[] offers,
        bool hasLegacy)
    {
        if (agents.Length != waiting.Length || agents.Length != offers.Length)
        {
            throw new ArgumentException("Every dictionary needs the same number of buckets.", nameof(agents));
        }

        Meta = meta;
        Agents = agents;
        Waiting = waiting;
        Offers = offers;
        HasLegacy = hasLegacy;
    }

    /// <summary>Null when nothing is stored.</summary>
    public RouterMeta? Meta { get; }

    public IReadOnlyList<Dictionary<string, AgentSnapshot>> Agents { get; }

    public IReadOnlyList<Dictionary<string, WaitingSession>> Waiting { get; }

    public IReadOnlyList<Dictionary<string, PlannedOffer>> Offers { get; }

    /// <summary>The number of buckets per dictionary (0 for a router that never saved).</summary>
    public int BucketCount => Agents.Count;

    /// <summary>
    /// True when the whole state is (also) stored under the legacy key <see cref="BucketKey.LegacyName"/>.
    /// </summary>
    public bool HasLegacy { get; }

    /// <summary>
    /// Splits the state into <see cref="Count"/> buckets per dictionary (new dictionaries; the state is not kept).
    /// </summary>
    public static RouterBuckets Split(RouterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new RouterBuckets(
            new RouterMeta(state.NextSequence, Count), SplitOne(state.Agents), SplitOne(state.Waiting),
            SplitOne(state.Offers), hasLegacy: false);
    }

    /// <summary>
    /// What the store holds: the meta (null when absent), <c>meta.BucketCount</c> buckets per dictionary (an absent
    /// bucket as empty), and whether the legacy key is present.
    /// </summary>
    public static RouterBuckets Stored(
        RouterMeta? meta,
        Dictionary<string, AgentSnapshot>[] agents,
        Dictionary<string, WaitingSession>[] waiting,
        Dictionary<string, PlannedOffer>[] offers,
        bool hasLegacy) => new(meta, agents, waiting, offers, hasLegacy);

    /// <summary>
    /// The state these buckets hold, in new dictionaries (the entries themselves are shared, being immutable).
    /// </summary>
    public RouterState ToState()
    {
        var state = RouterState.Empty() with { NextSequence = Meta?.NextSequence ?? 0 };
        Join(Agents, state.Agents);
        Join(Waiting, state.Waiting);
        Join(Offers, state.Offers);
        return state;
    }

    /// <summary>
    /// The keys to write so that the store, holding <paramref name="stored"/>, holds these buckets: the meta when it
    /// differs, each bucket whose entries differ (an emptied one too: it is to be removed), and the legacy key when
    /// the store still has it (to be removed).
    /// </summary>
    public IReadOnlyList<BucketKey> ChangedSince(RouterBuckets stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var changed = new List<BucketKey>();
        if (Meta != stored.Meta)
        {
            changed.Add(BucketKey.Meta);
        }

        AddChanged(BucketKind.Agents, Agents, stored.Agents, changed);
        AddChanged(BucketKind.Waiting, Waiting, stored.Waiting, changed);
        AddChanged(BucketKind.Offers, Offers, stored.Offers, changed);
        if (stored.HasLegacy && !HasLegacy)
        {
            changed.Add(BucketKey.Legacy);
        }

        return changed;
    }

    /// <summary>The bucket of a key: FNV-1a (32 bit) over its UTF-8 bytes, the same in every process.</summary>
    public static int BucketOf(string key, int count = Count) => (int)(Hash(key) % (uint)count);

    /// <summary>FNV-1a, 32 bit, over the UTF-8 bytes of <paramref name="key"/>.</summary>
    public static uint Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var length = Encoding.UTF8.GetByteCount(key);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(key, bytes);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static Dictionary<string, T>[] SplitOne<T>(Dictionary<string, T> all)
    {
        var buckets = new Dictionary<string, T>[Count];
        for (var i = 0; i < Count; i++)
        {
            buckets[i] = new Dictionary<string, T>(StringComparer.Ordinal);
        }

        foreach (var (key, value) in all)
        {
            buckets[BucketOf(key)][key] = value;
        }

        return buckets;
    }

    private static void Join<T>(IReadOnlyList<Dictionary<string, T>> buckets, Dictionary<string, T> into)
    {
        foreach (var bucket in buckets)
        {
            foreach (var (key, value) in bucket)
            {
                into[key] = value;
            }
        }
    }

    private static void AddChanged<T>(
        BucketKind kind, IReadOnlyList<Dictionary<string, T>> mine, IReadOnlyList<Dictionary<string, T>> stored,
        List<BucketKey> changed)
    {
        for (var i = 0; i < Math.Max(mine.Count, stored.Count); i++)
        {
            if (!Same(i < mine.Count ? mine[i] : null, i < stored.Count ? stored[i] : null))
            {
                changed.Add(new BucketKey(kind, i));
            }
        }
    }

    /// <summary>
    /// Same keys with the same values. Entries are immutable records, replaced (never changed) when the routing
    /// changes one, so the same instance means unchanged; equal values in new instances count as the same too.
    /// </summary>
    private static bool Same<T>(Dictionary<string, T>? a, Dictionary<string, T>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        if (a is null || b is null)
        {
            return true;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other)
                || !(ReferenceEquals(value, other) || EqualityComparer<T>.Default.Equals(value, other)))
            {
                return false;
            }
        }

        return true;
    }
}
