using DaprSupport.DaprEmulator.PubSub.Bulk;
using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// A consumer group on one topic: a committed offset per partition and the members sharing the partitions
/// (partition p goes to member p mod n, re-evaluated on every record, so a join or leave rebalances). Each partition
/// has one worker, so at most one record per partition is in flight and order per partition is kept. A record is
/// committed after its handler succeeds, or after the member's back-off runs out; a member leaving mid-delivery gives
/// the record to the next owner uncommitted (at-least-once). A bulk member takes batches instead
/// (<see cref="ClaimBulkAsync"/>).
/// </summary>
internal sealed partial class KafkaConsumerGroup
{
    private readonly Lock _gate = new();
    private readonly List<KafkaMember> _members = [];
    private readonly AsyncSignal _membersChanged = new();
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly long[] _committed;

    public KafkaConsumerGroup(KafkaTopic topic, string groupId, bool fromOldest, ILogger logger, CancellationToken stopping)
    {
        Topic = topic;
        GroupId = groupId;
        _logger = logger;
        _stopping = stopping;
        _committed = [.. topic.Partitions.Select(p => fromOldest ? 0 : p.EndOffset)];
        foreach (var partition in topic.Partitions)
        {
            _ = Task.Run(() => RunPartitionAsync(partition), CancellationToken.None);
        }
    }

    public KafkaTopic Topic { get; }

    public string GroupId { get; }

    public IDisposable Join(Func<PubSubMessage, CancellationToken, Task> handler, RetrySpec backoff) =>
        Add(new KafkaMember(handler, null, backoff, this));

    /// <summary>Joins with a bulk handler: each partition is consumed in batches of up to <paramref name="maxMessages"/>.</summary>
    public IDisposable JoinBulk(Func<BulkMessage, CancellationToken, Task<BulkResult>> handler, int maxMessages, TimeSpan maxAwait, RetrySpec backoff) =>
        Add(new KafkaMember(null, new BulkConsumer(handler, maxMessages, maxAwait), backoff, this));

    private KafkaMember Add(KafkaMember member)
    {
        lock (_gate)
        {
            _members.Add(member);
        }

        _membersChanged.Pulse();
        return member;
    }

    private void Leave(KafkaMember member)
    {
        lock (_gate)
        {
            _members.Remove(member);
        }

        _membersChanged.Pulse();
    }

    private KafkaMember? OwnerOf(int partition)
    {
        lock (_gate)
        {
            return _members.Count == 0 ? null : _members[partition % _members.Count];
        }
    }

    private async Task RunPartitionAsync(KafkaPartition partition)
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var appended = partition.Appended.Next;
                var membersChanged = _membersChanged.Next;
                var record = partition.Read(_committed[partition.Index]);
                var owner = record is null ? null : OwnerOf(partition.Index);
                if (record is null || owner is null)
                {
                    await Task.WhenAny(appended, membersChanged).WaitAsync(_stopping);
                    continue;
                }

                if (owner.Bulk is not null)
                {
                    await ClaimBulkAsync(partition, owner);
                    continue;
                }

                if (await owner.DeliverAsync(record, _logger, Topic.Name, GroupId) is not null)
                {
                    _committed[partition.Index]++;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Emulator stopping.
        }
        catch (Exception ex)
        {
            // A fault here would otherwise stall the partition silently.
            _logger.LogCritical(ex, "Kafka consumer group {Group}: partition {Topic}/{Partition} stopped consuming", GroupId, Topic.Name, partition.Index);
            throw;
        }
    }

    private sealed partial class KafkaMember(
        Func<PubSubMessage, CancellationToken, Task>? handler, BulkConsumer? bulk, RetrySpec backoff, KafkaConsumerGroup group) : IDisposable
    {
        private readonly CancellationTokenSource _left = CancellationTokenSource.CreateLinkedTokenSource(group._stopping);

        public BulkConsumer? Bulk { get; } = bulk;

        /// <summary>True when the record is done (processed or given up on); null when the member left first.</summary>
        public async Task<bool?> DeliverAsync(KafkaRecord record, ILogger logger, string topic, string groupId)
        {
            try
            {
                var processed = await ComponentBackoff.DeliverWithRetriesAsync(
                    backoff,
                    ct => handler!(record.Message, ct),
                    (ex, attempt) => logger.LogWarning(ex, "Kafka consumer group {Group}: record {Topic}/{Partition}@{Offset} failed (attempt {Attempt}); retrying after back-off",
                        groupId, topic, record.Partition, record.Offset, attempt + 1),
                    _left.Token);
                if (!processed)
                {
                    logger.LogError("Kafka consumer group {Group}: giving up on record {Topic}/{Partition}@{Offset} after {Retries} retries",
                        groupId, topic, record.Partition, record.Offset, backoff.MaxRetries);
                }

                return processed;
            }
            catch (OperationCanceledException) when (_left.IsCancellationRequested)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }

        /// <summary>
        /// Delivers a batch as contrib's <c>flushBulkMessages</c> does: the whole batch again under the back-off while
        /// it fails (<c>consumeRetryEnabled</c>), else once; returns how many leading records to commit (all once done
        /// or given up on; after the member left, those the last attempt marked), or null when it left before any.
        /// </summary>
        public async Task<int?> DeliverBulkAsync(IReadOnlyList<KafkaRecord> records, ILogger logger, string topic, string groupId)
        {
            var message = new BulkMessage(
                topic,
                [.. records.Select((r, i) => new BulkMessageEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Message.Data, string.Empty, r.ConsumerMetadata(topic)))],
                new Dictionary<string, string>());
            var marked = 0;
            try
            {
                var processed = await ComponentBackoff.DeliverWithRetriesAsync(
                    backoff,
                    async ct =>
                    {
                        var result = await Bulk!.Handler(message, ct);
                        marked = result.MarkedPrefix(records.Count);
                        if (result.Error is { } error)
                        {
                            throw new InvalidOperationException($"bulk delivery on {topic} failed: {error.Message}", error);
                        }
                    },
                    (ex, attempt) => logger.LogWarning(ex, "Kafka consumer group {Group}: error processing Kafka bulk messages: {Topic} (attempt {Attempt}). Retrying...",
                        groupId, topic, attempt + 1),
                    _left.Token);
                if (!processed)
                {
                    logger.LogError("Kafka consumer group {Group}: too many failed attempts at processing Kafka bulk messages: {Topic}, {Count} records from {Partition}@{Offset}",
                        groupId, topic, records.Count, records[0].Partition, records[0].Offset);
                }

                return records.Count;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return marked > 0 ? marked : null;
            }
        }

        public void Dispose()
        {
            group.Leave(this);
            _left.Cancel();
            _left.Dispose();
        }
    }
}
