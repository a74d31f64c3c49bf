using System.Diagnostics;
using DaprSupport.DaprEmulator.PubSub.Bulk;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// A bulk member's claim on a partition, as contrib's <c>ConsumeClaim</c> runs it for a bulk subscription
/// (common/component/kafka/consumer.go): records are gathered from the committed offset and the batch is flushed when it
/// holds <c>maxMessagesCount</c> records (the ticker is then reset) or when the <c>maxAwaitDurationMs</c> ticker fires
/// (an empty batch is not sent). A flush blocks the claim, so one batch per partition is in flight and order per
/// partition holds. A tick that falls while a batch is being delivered is taken by the next, empty, batch (Go's ticker
/// keeps one pending tick and drops the rest).
/// </summary>
internal sealed partial class KafkaConsumerGroup
{
    private async Task ClaimBulkAsync(KafkaPartition partition, KafkaMember owner)
    {
        var bulk = owner.Bulk!;
        var clock = Stopwatch.StartNew();
        var nextTick = bulk.MaxAwait;
        var position = _committed[partition.Index];
        var batch = new List<KafkaRecord>(bulk.MaxMessages);
        while (!_stopping.IsCancellationRequested && OwnerOf(partition.Index) == owner)
        {
            var appended = partition.Appended.Next;
            var membersChanged = _membersChanged.Next;
            while (batch.Count < bulk.MaxMessages && partition.Read(position) is { } record)
            {
                batch.Add(record);
                position++;
            }

            var countReached = batch.Count >= bulk.MaxMessages;
            if (countReached || (clock.Elapsed >= nextTick && batch.Count > 0))
            {
                if (!await FlushAsync(partition, owner, batch))
                {
                    return;
                }

                position = _committed[partition.Index];
                // Go 1.23+ timers: Reset leaves no stale tick; a periodic tick missed during the flush is dropped.
                nextTick = countReached ? clock.Elapsed + bulk.MaxAwait : NextTick(nextTick, bulk.MaxAwait, clock.Elapsed);
                continue;
            }

            var untilTick = nextTick - clock.Elapsed;
            if (untilTick <= TimeSpan.Zero)
            {
                nextTick = NextTick(nextTick, bulk.MaxAwait, clock.Elapsed);
                continue;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            // Whole milliseconds, rounded up: Task.Delay truncates a TimeSpan to milliseconds, so a wait under 1 ms
            // completed at once and the claim spun on the CPU until its tick (a 1 ms ticker spun all the time).
            var tick = Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(untilTick.TotalMilliseconds)), wake.Token);
            await Task.WhenAny(appended, membersChanged, tick).WaitAsync(_stopping);
            await wake.CancelAsync();
        }
    }

    /// <summary>The ticker's next tick after <paramref name="now"/> on its period, missed ticks dropped.</summary>
    private static TimeSpan NextTick(TimeSpan due, TimeSpan period, TimeSpan now) =>
        now < due ? due : due + (period * (Math.Floor((now - due) / period) + 1));

    /// <summary>Delivers and commits the batch; false when the member left during it (the claim ends).</summary>
    private async Task<bool> FlushAsync(KafkaPartition partition, KafkaMember owner, List<KafkaRecord> batch)
    {
        var committed = await owner.DeliverBulkAsync(batch, _logger, Topic.Name, GroupId);
        _committed[partition.Index] += committed ?? 0;
        var done = committed == batch.Count;
        batch.Clear();
        return done;
    }

    /// <summary>A member's bulk handler and its effective sizes (the subscription's, else the Kafka defaults).</summary>
    private sealed record BulkConsumer(Func<BulkMessage, CancellationToken, Task<BulkResult>> Handler, int MaxMessages, TimeSpan MaxAwait);
}
