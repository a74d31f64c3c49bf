using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.PubSub.Kafka;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>The emulated broker's <c>num.partitions</c>: how many partitions a topic gets when first used.</summary>
public sealed class KafkaPartitionsTests
{
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
