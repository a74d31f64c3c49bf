using System.Text;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// A topic with a fixed number of partitions. Keyed records go to <c>murmur2(key) % partitions</c> as Kafka's default
/// partitioner does, so one key always lands in one partition; unkeyed records are spread round-robin.
/// </summary>
internal sealed class KafkaTopic
{
    private int _roundRobin = -1;

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
            ? (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)Partitions.Count)
            : (int)((Murmur2(Encoding.UTF8.GetBytes(key)) & 0x7fffffff) % Partitions.Count);
        return (index, Partitions[index].Append(key, message));
    }

    /// <summary>Kafka's murmur2 (the Java client's <c>Utils.murmur2</c>).</summary>
    internal static int Murmur2(byte[] data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BitConverter.ToUInt32(data, i * 4);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = blocks * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
