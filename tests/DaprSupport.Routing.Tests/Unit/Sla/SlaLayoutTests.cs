using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Routing;
using DaprSupport.Sessions.Sla;

namespace DaprSupport.Routing.Tests.Unit.Sla;

/// <summary>
/// How the SLA ledger is stored: measurements in 20 s buckets, live chats in shards by session, a meta key listing
/// the buckets; a flush writes only what it changed.
/// </summary>
public sealed class SlaLayoutTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SlaOptions Options = new();

    [Fact]
    public void Measurements_go_to_the_bucket_of_their_time_and_chats_to_the_shard_of_their_session()
    {
        var ledger = Busy();

        var layout = SlaLayout.Split(ledger);

        Assert.Equal(ledger.Samples.Select(s => SlaLayout.BucketOf(s.At)).Distinct().Order(), layout.Buckets.Keys.Order());
        Assert.All(layout.Buckets, b => Assert.All(b.Value, s => Assert.Equal(b.Key, SlaLayout.BucketOf(s.At))));
        Assert.Equal(SlaLayout.ChatShards, layout.Chats.Count);
        Assert.All(Enumerable.Range(0, SlaLayout.ChatShards), shard => Assert.All(
            layout.Chats[shard].Keys, id => Assert.Equal(shard, RouterBuckets.BucketOf(id, SlaLayout.ChatShards))));
        var back = layout.ToLedger();
        Assert.Equal(ledger.Samples, back.Samples);
        Assert.Equal(ledger.Chats.OrderBy(c => c.Key), back.Chats.OrderBy(c => c.Key));
    }

    [Fact]
    public void A_flush_writes_the_bucket_and_the_shard_it_changed_and_nothing_else()
    {
        var stored = SlaLayout.Split(Busy());
        var at = Now.AddSeconds(-2); // the bucket of the last measurements
        var next = Apply(Busy(), new SlaEvent(SlaEventKinds.Assigned, "s-new", "billing", at, 4, "a1", "v1"));

        var (write, remove) = SlaLayout.Split(next).ChangesSince(stored);

        Assert.Equal(
            [SlaLayout.BucketKey(SlaLayout.BucketOf(at)), SlaLayout.ChatsKey(RouterBuckets.BucketOf("s-new", SlaLayout.ChatShards))],
            write);
        Assert.Empty(remove);
        Assert.Equal((Array.Empty<string>(), Array.Empty<string>()), (SlaLayout.Split(next).ChangesSince(SlaLayout.Split(next)).Write.ToArray(),
            SlaLayout.Split(next).ChangesSince(SlaLayout.Split(next)).Remove.ToArray()));
    }

    [Fact]
    public void A_new_bucket_or_one_past_the_window_rewrites_the_meta_and_an_emptied_shard_is_removed()
    {
        var stored = SlaLayout.Split(Busy());
        var oldest = stored.Buckets.Keys.Min();
        var later = Now.AddMinutes(61);

        // The open chat alone in its shard ends an hour later: the first minutes' measurements fall out of the window
        // and a new bucket starts.
        var alone = stored.Chats.First(c => c.Count == 1).Keys.Single();
        var next = SlaLedgerRules.Apply(Busy(), new SlaEvent(SlaEventKinds.Resolved, alone, "billing", later, 60), later, Options);
        var (write, remove) = SlaLayout.Split(next).ChangesSince(stored);

        Assert.Contains(SlaLayout.BucketKey(SlaLayout.BucketOf(later)), write);
        Assert.Contains(SlaLayout.MetaKey, write);
        Assert.Contains(SlaLayout.BucketKey(oldest), remove);
        Assert.Contains(SlaLayout.ChatsKey(RouterBuckets.BucketOf(alone, SlaLayout.ChatShards)), remove);
        Assert.DoesNotContain(SlaLayout.LegacyKey, remove);
    }

    [Fact]
    public void A_bucket_that_only_lost_what_aged_out_of_the_window_is_not_rewritten()
    {
        var stored = SlaLayout.Split(Busy());
        var later = Now.AddMinutes(10.5); // the window now starts half a minute after the oldest measurement
        var cutoff = later - Options.Window;
        var partly = stored.Buckets.Keys.Order().First(b => stored.Buckets[b].Any(s => s.At > cutoff));
        Assert.Contains(stored.Buckets[partly], s => s.At <= cutoff);

        var next = SlaLedgerRules.Apply(
            Busy(), new SlaEvent(SlaEventKinds.FirstResponse, "s-2999", "billing", later, 5), later, Options);
        var (write, remove) = SlaLayout.Split(next).ChangesSince(stored);

        Assert.Equal([SlaLayout.BucketKey(SlaLayout.BucketOf(later)), SlaLayout.MetaKey], write);
        Assert.Equal(stored.Buckets.Keys.Where(b => b < partly).Order().Select(SlaLayout.BucketKey), remove);
    }

    [Fact]
    public void A_ledger_loaded_from_the_single_legacy_key_is_written_out_and_the_key_removed()
    {
        var stored = SlaLayout.Empty with { HasLegacy = true };
        var ledger = Busy();

        var (write, remove) = SlaLayout.Split(ledger).ChangesSince(stored);

        Assert.Equal([SlaLayout.LegacyKey], remove);
        Assert.Contains(SlaLayout.MetaKey, write);
        Assert.Equal(SlaLayout.Split(ledger).Buckets.Count + 1 + SlaLayout.Split(ledger).Chats.Count(c => c.Count > 0), write.Count);
    }

    [Fact]
    public void A_save_that_fits_is_one_transaction_with_the_meta_of_the_new_buckets()
    {
        var stored = SlaLayout.Split(Busy());
        var later = Now.AddMinutes(10.5);
        var next = SlaLayout.Split(SlaLedgerRules.Apply(
            Busy(), new SlaEvent(SlaEventKinds.FirstResponse, "s-2999", "billing", later, 5), later, Options));

        var step = Assert.Single(next.StepsSince(stored));

        var (write, remove) = next.ChangesSince(stored);
        Assert.Equal(write.Concat(remove), step.Select(o => o.Key));
        Assert.Equal(next.Buckets.Keys.Order(), step.Single(o => o.Key == SlaLayout.MetaKey).Buckets!);
    }

    [Fact]
    public void A_save_over_the_transaction_limit_is_split_so_that_the_ledger_reads_whole_after_each_step()
    {
        // The legacy ledger of a busy hour (150 buckets) moved in one save, and then the same hour aged out at once.
        var busy = SlaLayout.Split(Busy());
        var moved = busy.StepsSince(SlaLayout.Empty with { HasLegacy = true });
        var later = Now.AddHours(2);
        var quiet = SlaLayout.Split(SlaLedgerRules.Apply(
            Busy(), new SlaEvent(SlaEventKinds.FirstResponse, "s-2999", "billing", later, 5), later, Options))
            .StepsSince(busy);

        foreach (var steps in new[] { moved, quiet })
        {
            Assert.True(steps.Count > 1);
            Assert.All(steps, step => Assert.InRange(step.Length, 1, SlaLayout.MaxOperations));
            var operations = steps.SelectMany(s => s).ToList();
            Assert.Equal(operations.Count, operations.Select(o => (o.Key, o.IsRemove, o.Buckets?.Length)).Distinct().Count());
            Assert.Equal(SlaLayout.MetaKey, operations[0].Key);
        }

        // Moving: every bucket is written before the legacy key goes, and the first meta lists them all.
        Assert.Equal(busy.Buckets.Keys.Order(), moved[0][0].Buckets!);
        Assert.Equal(SlaLayout.LegacyKey, moved[^1][^1].Key);
        Assert.Equal(busy.Buckets.Count, moved.SelectMany(s => s).Count(o => o.Key.StartsWith("sla-samples-", StringComparison.Ordinal)));

        // Aging out: the old buckets are removed after a meta that still lists them, and the last meta lists the new one.
        Assert.True(quiet[0][0].Buckets!.Length > busy.Buckets.Count);
        Assert.Equal([SlaLayout.BucketOf(later)], quiet[^1][^1].Buckets!);
        Assert.Equal(busy.Buckets.Count, quiet.SelectMany(s => s).Count(o => o.IsRemove && o.Key.StartsWith("sla-samples-", StringComparison.Ordinal)));
    }

    /// <summary>An hour of a busy tenant: a chat assigned every second for the last 50 minutes, the last ten still open.</summary>
    private static SlaLedger Busy()
    {
        var ledger = SlaLedger.Empty;
        for (var i = 0; i < 3000; i++)
        {
            var at = Now.AddSeconds(i - 3000);
            ledger = SlaLedgerRules.Apply(ledger, new SlaEvent(SlaEventKinds.Assigned, $"s-{i}", "billing", at, 3, "a1", "v1"), Now, Options);
            if (i >= 10 && i < 2990)
            {
                ledger = SlaLedgerRules.Apply(ledger, new SlaEvent(SlaEventKinds.Resolved, $"s-{i - 10}", "billing", at, 60), Now, Options);
            }
        }

        return ledger;
    }

    private static SlaLedger Apply(SlaLedger ledger, SlaEvent slaEvent) => SlaLedgerRules.Apply(ledger, slaEvent, Now, Options);
}
