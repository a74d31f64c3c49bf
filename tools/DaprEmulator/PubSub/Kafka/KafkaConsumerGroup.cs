using DaprSupport.DaprEmulator.Resiliency;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// A consumer group on one topic: a committed offset per partition and the members sharing the partitions
/// (partition p goes to member p mod n, re-evaluated on every record, so a join or leave rebalances). Each partition
/// has one worker, so at most one record per partition is in flight and order per partition is kept. A record is
/// committed after its handler succeeds, or after the member's back-off runs out; a member leaving mid-delivery gives
/// the record to the next owner uncommitted (at-least-once).
/// </summary>
internal sealed class KafkaConsumerGroup
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

    public IDisposable Join(Func<PubSubMessage, CancellationToken, Task> handler, RetrySpec backoff)
    {
        var member = new KafkaMember(handler, backoff, this);
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
    }

    private sealed class KafkaMember(Func<PubSubMessage, CancellationToken, Task> handler, RetrySpec backoff, KafkaConsumerGroup group) : IDisposable
    {
        private readonly CancellationTokenSource _left = CancellationTokenSource.CreateLinkedTokenSource(group._stopping);

        /// <summary>True when the record is done (processed or given up on); null when the member left first.</summary>
        public async Task<bool?> DeliverAsync(KafkaRecord record, ILogger logger, string topic, string groupId)
        {
            try
            {
                var processed = await ComponentBackoff.DeliverWithRetriesAsync(
                    backoff,
                    ct => handler(record.Message, ct),
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

        public void Dispose()
        {
            group.Leave(this);
            _left.Cancel();
            _left.Dispose();
        }
    }
}
