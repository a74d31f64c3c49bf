using System.Globalization;
using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Sessions.Sla;

/// <summary>
/// How a tenant's <see cref="SlaLedger"/> is stored (pure): its measurements in buckets of <see cref="BucketSpan"/>
/// by when they happened, its live chats in <see cref="ChatShards"/> shards by session id, and a meta key listing the
/// buckets. A flush then rewrites the bucket of the last seconds and the shards its events touched, not the whole
/// ledger. As one key the ledger grew to megabytes (20,000 measurements, 10,000 chats): each flush rewrote it, which
/// filled etcd's history at megabytes a second, and past etcd's request limit (1.5 MiB by default) every write failed.
/// </summary>
internal sealed record SlaLayout(
    IReadOnlyDictionary<long, IReadOnlyList<SlaSample>> Buckets,
    IReadOnlyList<IReadOnlyDictionary<string, LiveChat>> Chats,
    bool HasLegacy = false)
{
    /// <summary>The key the whole ledger was stored under before the split.</summary>
    public const string LegacyKey = "ledger";

    public const string MetaKey = "sla-buckets";

    public const int ChatShards = 32;

    /// <summary>Operations per actor state transaction at most (daprd's limit on state.etcd is 128).</summary>
    public const int MaxOperations = 100;

    public static readonly TimeSpan BucketSpan = TimeSpan.FromSeconds(20);

    public static SlaLayout Empty { get; } = Split(SlaLedger.Empty);

    public static string BucketKey(long bucket) => string.Create(CultureInfo.InvariantCulture, $"sla-samples-{bucket}");

    public static string ChatsKey(int shard) => string.Create(CultureInfo.InvariantCulture, $"sla-chats-{shard}");

    public static long BucketOf(DateTimeOffset at) =>
        (long)Math.Floor(at.ToUnixTimeMilliseconds() / BucketSpan.TotalMilliseconds);

    public static SlaLayout Split(SlaLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var buckets = ledger.Samples
            .GroupBy(s => BucketOf(s.At))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SlaSample>)g.ToList()); // read back as a List
        var chats = Enumerable.Range(0, ChatShards)
            .Select(_ => new Dictionary<string, LiveChat>(StringComparer.Ordinal))
            .ToArray();
        foreach (var chat in ledger.Chats.Values)
        {
            chats[RouterBuckets.BucketOf(chat.SessionId, ChatShards)][chat.SessionId] = chat;
        }

        return new SlaLayout(buckets, chats);
    }

    /// <summary>The ledger again: measurements oldest first (as the rules keep them), chats by session.</summary>
    public SlaLedger ToLedger() => new(
        [.. Buckets.OrderBy(b => b.Key).SelectMany(b => b.Value)],
        Chats.SelectMany(c => c).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal));

    /// <summary>What saving this layout changes over <paramref name="stored"/>: keys to write and remove.</summary>
    public (IReadOnlyList<string> Write, IReadOnlyList<string> Remove) ChangesSince(SlaLayout stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var write = new List<string>();
        var remove = new List<string>();
        foreach (var (bucket, samples) in Buckets)
        {
            if (!stored.Buckets.TryGetValue(bucket, out var before) || !OnlyLost(samples, before))
            {
                write.Add(BucketKey(bucket));
            }
        }

        remove.AddRange(stored.Buckets.Keys.Where(b => !Buckets.ContainsKey(b)).Select(BucketKey));
        if (remove.Count > 0 || Buckets.Keys.Any(b => !stored.Buckets.ContainsKey(b)))
        {
            write.Add(MetaKey);
        }

        for (var shard = 0; shard < ChatShards; shard++)
        {
            var (next, before) = (Chats[shard], stored.Chats[shard]);
            if (next.Count == before.Count && next.All(c => before.TryGetValue(c.Key, out var was) && was == c.Value))
            {
                continue;
            }

            (next.Count > 0 ? write : remove).Add(ChatsKey(shard));
        }

        if (stored.HasLegacy)
        {
            remove.Add(LegacyKey);
        }

        return (write, remove);
    }

    /// <summary>
    /// The save as actor state transactions of at most <see cref="MaxOperations"/> operations: daprd refuses a larger
    /// one (the store's <c>maxTxnOps</c>, 128 on <c>state.etcd</c>), and a ledger moved from the legacy key, or one
    /// whose hour of buckets all aged out while the tenant was quiet, changes more keys than that. One transaction when
    /// it fits; otherwise a meta listing the old and the new buckets first, then the changed keys, the removals, the
    /// legacy key last and the meta of the new buckets, so that the ledger reads whole after any step.
    /// </summary>
    public IReadOnlyList<SlaOperation[]> StepsSince(SlaLayout stored)
    {
        var (write, remove) = ChangesSince(stored);
        long[] buckets = [.. Buckets.Keys.Order()];
        if (write.Count + remove.Count <= MaxOperations)
        {
            return [[.. write.Select(k => k == MetaKey ? SlaOperation.Meta(buckets) : SlaOperation.Write(k)),
                .. remove.Select(SlaOperation.Remove)]];
        }

        long[] both = [.. Buckets.Keys.Union(stored.Buckets.Keys).Order()];
        SlaOperation[] operations =
        [
            SlaOperation.Meta(both),
            .. write.Where(k => k != MetaKey).Select(SlaOperation.Write),
            .. remove.Where(k => k != LegacyKey).Select(SlaOperation.Remove),
            .. remove.Where(k => k == LegacyKey).Select(SlaOperation.Remove),
            .. both.SequenceEqual(buckets) ? [] : new[] { SlaOperation.Meta(buckets) },
        ];
        return [.. operations.Chunk(MaxOperations)];
    }

    /// <summary>
    /// True when <paramref name="next"/> is <paramref name="stored"/> less some measurements. Only the window and the
    /// cap remove measurements, and they apply again to what is loaded (the report counts only the window; the next
    /// flush applies both), so such a bucket is not rewritten: otherwise the oldest bucket, losing what ages out of
    /// the window, would be written at every flush of a busy tenant.
    /// </summary>
    private static bool OnlyLost(IReadOnlyList<SlaSample> next, IReadOnlyList<SlaSample> stored)
    {
        var at = 0;
        foreach (var sample in next)
        {
            while (at < stored.Count && stored[at] != sample)
            {
                at++;
            }

            if (at++ == stored.Count)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One operation of a save: write a key of the layout or the meta's bucket list, or remove a key.</summary>
internal sealed record SlaOperation(string Key, bool IsRemove = false, long[]? Buckets = null)
{
    public static SlaOperation Write(string key) => new(key);

    public static SlaOperation Remove(string key) => new(key, IsRemove: true);

    public static SlaOperation Meta(long[] buckets) => new(SlaLayout.MetaKey, Buckets: buckets);
}
