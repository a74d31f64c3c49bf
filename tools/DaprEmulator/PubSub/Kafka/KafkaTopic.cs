using System.Text;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// A topic with a fixed number of partitions, partitioned as pubsub.kafka's producer does: the component leaves
/// sarama's default partitioner in place (dapr/components-contrib@v1.17.0 `common/component/kafka`, no
/// <c>Producer.Partitioner</c> set; IBM/sarama `config.go` <c>NewHashPartitioner</c>). A keyed record (the
/// <c>partitionKey</c> metadata) goes to FNV-1a(key) as a signed 32-bit number, remainder by the partition count,
/// negated when negative (<see cref="PartitionOf"/>; not the Java client's murmur2), so one key always lands in one
/// partition; an unkeyed record goes to a random partition.
/// </summary>
internal sealed class KafkaTopic
{
    public KafkaTopic(string name, int partitions)
    {
        Name = name;
        Partitions = [.. Enumerable.Range(0, partitions).Select(i => new KafkaPartition(i))];
    }

    public string Name { get; }

    public IReadOnlyList<KafkaPartition> Partitions { get; }

    public (int Partition, long Offset) Append(string? key, PubSubMessage message)
    {
        var index = string.IsNullOrEmpty(key)
            ? Random.Shared.Next(Partitions.Count)
            : PartitionOf(key, Partitions.Count);
        return (index, Partitions[index].Append(key, message));
    }

    /// <summary>
    /// sarama's <c>hashPartitioner.Partition</c> without <c>referenceAbs</c>: <c>int32(fnv32a(key)) % n</c> (Go's
    /// remainder keeps the dividend's sign), then its absolute value.
    /// </summary>
    internal static int PartitionOf(string key, int partitions)
    {
        var partition = (int)Fnv1a(Encoding.UTF8.GetBytes(key)) % partitions;
        return partition < 0 ? -partition : partition;
    }

    /// <summary>32-bit FNV-1a (Go's <c>hash/fnv.New32a</c>).</summary>
    internal static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in data)
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash;
    }
}
