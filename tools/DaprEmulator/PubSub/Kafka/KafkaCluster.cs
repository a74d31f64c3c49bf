using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DaprSupport.DaprEmulator.Engine;
using Microsoft.Extensions.Logging;

namespace DaprSupport.DaprEmulator.PubSub.Kafka;

/// <summary>
/// An in-memory Kafka cluster. Components of one emulator with the same <c>brokers</c> share one cluster, so two
/// component names over the same brokers see the same topics and consumer groups, as they would on real Kafka.
/// The cluster stops when the last component using it is disposed.
/// </summary>
internal sealed class KafkaCluster : IDisposable
{
    private static readonly ConditionalWeakTable<EmulatorOptions, ConcurrentDictionary<string, KafkaCluster>> Clusters = [];

    private readonly ConcurrentDictionary<string, KafkaTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, string Group), KafkaConsumerGroup> _groups = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly int _partitions;
    private readonly IReadOnlyDictionary<string, int> _declared;
    private int _users;

    private KafkaCluster(string brokers, int partitions, IReadOnlyDictionary<string, int> declared, ILogger logger)
    {
        Brokers = brokers;
        _partitions = partitions;
        _declared = declared;
        _logger = logger;
    }

    public string Brokers { get; }

    public static KafkaCluster Acquire(EmulatorOptions options, string brokers)
    {
        var key = string.Join(',', brokers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
        var clusters = Clusters.GetValue(options, _ => new ConcurrentDictionary<string, KafkaCluster>(StringComparer.Ordinal));
        lock (clusters)
        {
            var cluster = clusters.GetOrAdd(key, k => new KafkaCluster(k, options.KafkaPartitions, new Dictionary<string, int>(options.KafkaTopics, StringComparer.Ordinal), options.LoggerFactory.CreateLogger("pubsub.kafka")));
            cluster._users++;
            return cluster;
        }
    }

    public void Release(EmulatorOptions options)
    {
        var clusters = Clusters.GetValue(options, _ => new ConcurrentDictionary<string, KafkaCluster>(StringComparer.Ordinal));
        lock (clusters)
        {
            if (--_users > 0)
            {
                return;
            }

            clusters.TryRemove(Brokers, out _);
        }

        Dispose();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>
    /// The topic, created on first use with its declared partitions (<see cref="EmulatorOptions.KafkaTopics"/>), else
    /// auto-created with <see cref="EmulatorOptions.KafkaPartitions"/>.
    /// </summary>
    public KafkaTopic Topic(string name) => _topics.GetOrAdd(name, n => new KafkaTopic(n, _declared.GetValueOrDefault(n, _partitions)));

    /// <summary>The group, created on first use with its initial offset (<c>oldest</c> or <c>newest</c>).</summary>
    public KafkaConsumerGroup Group(string topic, string groupId, bool fromOldest) =>
        _groups.GetOrAdd((topic, groupId), k => new KafkaConsumerGroup(Topic(k.Topic), k.Group, fromOldest, _logger, _stopping.Token));
}
