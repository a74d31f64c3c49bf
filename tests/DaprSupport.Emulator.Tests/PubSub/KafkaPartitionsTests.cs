using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.PubSub.Kafka;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>The emulated broker's <c>num.partitions</c>: how many partitions a topic gets when first used.</summary>
public sealed class KafkaPartitionsTests
{
    /// <summary>
    /// pubsub.kafka keeps sarama's default partitioner: FNV-1a of the key as a signed 32-bit number, remainder by the
    /// partition count, negated when negative. Expected values computed by hand from FNV-1a (e.g. "a" hashes to
    /// 0xe40c292c, -468965076 as int32, remainder -20 by 32, so partition 20); murmur2 puts these keys elsewhere.
    /// </summary>
    [Theory]
    [InlineData("a", 32, 20)]
    [InlineData("session-1", 32, 13)]
    [InlineData("s_0f8e", 32, 14)]
    [InlineData("t1", 32, 22)]
    [InlineData("t1", 3, 1)]
    [InlineData("demo", 32, 10)]
    public void A_keyed_record_goes_where_sarama_s_hash_partitioner_puts_it(string key, int partitions, int expected)
    {
        Assert.Equal(0xe40c292cu, KafkaTopic.Fnv1a("a"u8));
        var topic = new KafkaTopic("orders", partitions);

        var (partition, _) = topic.Append(
            key, new PubSubMessage("orders", [1], "application/json", new Dictionary<string, string>()));

        Assert.Equal(expected, partition);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void Topics_get_the_configured_partitions_and_keys_spread_over_all_of_them(int partitions)
    {
        var options = new EmulatorOptions { KafkaPartitions = partitions };
        var cluster = KafkaCluster.Acquire(options, "localhost:9092");
        try
        {
            var topic = cluster.Topic("orders");
            var used = Enumerable.Range(0, 50 * partitions).Select(i => topic.Append("key-" + i, new PubSubMessage("orders", [1], "application/json", new Dictionary<string, string>())).Partition).ToHashSet();

            Assert.Equal(partitions, topic.Partitions.Count);
            Assert.Equal(partitions, used.Count);
        }
        finally
        {
            cluster.Release(options);
        }
    }
}
