using System.Threading.Channels;
using Dapr;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.PubSub.Kafka;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>
/// The Kafka component's own retries (components-contrib v1.17.8 common/component/kafka/consumer.go and metadata.go:
/// <c>consumeRetryEnabled</c>, default true for pubsub.kafka; <c>backOff*</c> as dapr/kit retry decodes them): a record
/// the sidecar keeps failing (its dead-letter publish failing too) is retried under the back-off, then given up on so
/// the partition moves on instead of blocking forever; topics declared in a KafkaTopic manifest get their partitions.
/// </summary>
public sealed class KafkaConsumeRetryTests
{
    [Theory]
    [InlineData("\"true\"", 3)]
    [InlineData("\"false\"", 1)]
    public async Task A_record_that_keeps_failing_is_given_up_after_the_back_off_and_the_partition_moves_on(string consumeRetry, int expectedAttempts)
    {
        var component = $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: pubsub
            spec:
              type: pubsub.kafka
              version: v1
              metadata:
                - name: brokers
                  value: "retry-broker:9092"
                - name: initialOffset
                  value: "oldest"
                - name: consumeRetryEnabled
                  value: {{consumeRetry}}
                - name: backOffPolicy
                  value: "constant"
                - name: backOffDuration
                  value: "10ms"
                - name: backOffMaxRetries
                  value: "2"
            """;
        await using var harness = await EmulatorHarness.StartAsync(component);
        var seen = Channel.CreateUnbounded<string>();
        await harness.AddAppAsync("consumer", web =>
        {
            web.UseCloudEvents();
            web.MapSubscribeHandler();
            web.MapPost("/orders", async (Order order) =>
            {
                await seen.Writer.WriteAsync(order.Id);
                return order.Id == "poison" ? Results.StatusCode(500) : Results.Ok();
            }).WithTopic("pubsub", "orders");
        });
        var publisher = await harness.AddClientAsync("publisher");
        var sameKey = new Dictionary<string, string> { ["partitionKey"] = "one-partition" };

        await publisher.Client.PublishEventAsync("pubsub", "orders", new Order("poison"), sameKey);
        await publisher.Client.PublishEventAsync("pubsub", "orders", new Order("next"), sameKey);

        var attempts = 0;
        while (await seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == "poison")
        {
            attempts++;
        }

        Assert.Equal(expectedAttempts, attempts);
    }

    [Fact]
    public void Declared_topics_get_their_partitions_and_others_the_broker_default()
    {
        var options = new EmulatorOptions { KafkaPartitions = 8 };
        options.KafkaTopics["declared"] = 3;
        var cluster = KafkaCluster.Acquire(options, "declared-broker:9092");
        try
        {
            Assert.Equal(3, cluster.Topic("declared").Partitions.Count);
            Assert.Equal(8, cluster.Topic("undeclared").Partitions.Count);
        }
        finally
        {
            cluster.Release(options);
        }
    }

    [Fact]
    public void A_KafkaTopic_manifest_is_read_by_topic_name_with_its_partitions()
    {
        var file = Path.Combine(Path.GetTempPath(), $"topics-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: a-name
            spec:
              topicName: a.topic
              partitions: 6
            ---
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: b.topic
            spec:
              partitions: 2
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ignored
            """);
        try
        {
            Assert.Equal(new Dictionary<string, int> { ["a.topic"] = 6, ["b.topic"] = 2 }, KafkaTopicDeclarations.Load(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_run_uses_the_topic_manifest_next_to_its_run_file_and_the_repository_declares_the_dead_letter_topic()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "DaprSupport.slnx")))
        {
            root = root.Parent!;
        }

        var declared = KafkaTopicDeclarations.ForRunFile(Path.Combine(root.FullName, "dapr.yaml"), null);

        Assert.Equal(KafkaTopicDeclarations.Load(Path.Combine(root.FullName, KafkaTopicDeclarations.ConventionalPath)), declared);
        Assert.Contains("support.deadletter", declared.Keys);
        Assert.Empty(KafkaTopicDeclarations.ForRunFile(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}", "dapr.yaml"), null));
    }

    public sealed record Order(string Id);
}
