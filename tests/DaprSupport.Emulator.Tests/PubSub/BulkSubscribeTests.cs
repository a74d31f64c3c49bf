using System.Diagnostics;
using Dapr.AspNetCore;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Http;
using static DaprSupport.Emulator.Tests.PubSub.BulkSubscriberKit;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>
/// Bulk subscribe as daprd delivers it (dapr/dapr v1.17.0 pkg/runtime/subscription/bulksubscription.go,
/// bulkresiliency.go, postman/http/http.go <c>DeliverBulk</c>) over pubsub.kafka's bulk consumer (components-contrib
/// v1.17.8 common/component/kafka/consumer.go): batches per partition flushed at <c>maxMessagesCount</c> or on the
/// <c>maxAwaitDurationMs</c> ticker, per-entry statuses, failed batches redelivered whole by the component.
/// </summary>
public sealed class BulkSubscribeTests
{
    private const string Topic = "orders";

    [Fact]
    public async Task A_backlog_is_delivered_in_full_batches_in_partition_order()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var publisher = await harness.AddClientAsync("publisher");
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(1, 25));

        // A ticker that never fires in the test: only the count flushes.
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 10, maxAwaitMs: 600_000);
        var first = await deliveries.NextAsync();
        var second = await deliveries.NextAsync();
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(26, 5));
        var third = await deliveries.NextAsync();

        Assert.Equal(Enumerable.Range(1, 10), first.Numbers);
        Assert.Equal(Enumerable.Range(11, 10), second.Numbers);
        Assert.Equal(Enumerable.Range(21, 10), third.Numbers);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], first.EntryIds);
    }

    [Fact]
    public async Task A_lone_message_waits_at_most_max_await_duration()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 100, maxAwaitMs: 1_000);
        var publisher = await harness.AddClientAsync("publisher");

        var clock = Stopwatch.StartNew();
        await PublishNumbersAsync(publisher, "pubsub", Topic, [7]);
        var delivery = await deliveries.NextAsync();

        Assert.Equal([7], delivery.Numbers);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1_000 + 1_500), $"waited {clock.Elapsed}");
    }

    [Fact]
    public async Task A_steady_stream_on_a_short_ticker_arrives_whole_and_in_order_per_key()
    {
        await using var harness = await EmulatorHarness.StartAsync(o => o.KafkaPartitions = 8, PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 100, maxAwaitMs: 1);
        var publisher = await harness.AddClientAsync("publisher");
        const int keys = 16, perKey = 20;

        await Task.WhenAll(Enumerable.Range(0, keys).Select(k =>
            PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(k * perKey, perKey), key: $"key-{k}")));
        var seen = new List<int>();
        while (seen.Count < keys * perKey)
        {
            seen.AddRange((await deliveries.NextAsync()).Numbers);
        }

        Assert.Equal(keys * perKey, seen.Count);
        foreach (var key in seen.GroupBy(n => n / perKey))
        {
            Assert.Equal(Enumerable.Range(key.Key * perKey, perKey), key);
        }
    }

    [Fact]
    public async Task The_envelope_and_its_entries_are_daprds()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var publisher = await harness.AddClientAsync("publisher");
        await PublishNumbersAsync(publisher, "pubsub", Topic, [1, 2], key: "session-1");
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 2, maxAwaitMs: 600_000);

        var delivery = await deliveries.NextAsync();
        var envelope = delivery.Envelope;

        Assert.Equal("application/json", delivery.ContentType);
        Assert.Equal("pubsub", delivery.PubsubHeader);
        Assert.True(Guid.TryParse(envelope.GetProperty("id").GetString(), out _));
        Assert.Equal("com.dapr.event.sent.bulk", envelope.GetProperty("type").GetString());
        Assert.Equal(Topic, envelope.GetProperty("topic").GetString());
        Assert.Equal("pubsub", envelope.GetProperty("pubsubname").GetString());
        Assert.Equal("pubsub", envelope.GetProperty("metadata").GetProperty("pubsubName").GetString());
        Assert.Equal(["entries", "id", "metadata", "pubsubname", "topic", "type"], envelope.EnumerateObject().Select(p => p.Name));
        var entry = delivery.Entries[1];
        Assert.Equal(["entryId", "event", "metadata", "contentType"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("application/cloudevents+json", entry.GetProperty("contentType").GetString());
        Assert.Equal("com.dapr.event.sent", entry.GetProperty("event").GetProperty("type").GetString());
        var names = entry.GetProperty("event").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var metadata = entry.GetProperty("metadata");
        Assert.Equal("session-1", metadata.GetProperty("__key").GetString());
        Assert.Equal("1", metadata.GetProperty("__offset").GetString());
        Assert.Equal(Topic, metadata.GetProperty("__topic").GetString());
        Assert.Equal("session-1", metadata.GetProperty("partitionKey").GetString());
        Assert.True(int.TryParse(metadata.GetProperty("__partition").GetString(), out _));
        Assert.True(long.TryParse(metadata.GetProperty("__timestamp").GetString(), out _));
    }

    public static TheoryData<string> FailedAnswers => ["retry-one", "missing-status", "empty-status", "status-500", "empty-body"];

    [Theory]
    [MemberData(nameof(FailedAnswers))]
    public async Task Without_a_dead_letter_topic_a_failed_batch_is_redelivered_whole_by_the_component(string failure)
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var publisher = await harness.AddClientAsync("publisher");
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(1, 4));
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 4, maxAwaitMs: 600_000,
            answer: (delivery, call) => call > 1 ? Succeed(delivery) : failure switch
            {
                "retry-one" => Succeed(delivery, id => id == "2" ? BulkSubscribeAppResponseStatus.RETRY : null),
                "missing-status" => Results.Ok(new BulkSubscribeAppResponse([.. delivery.EntryIds.Skip(1).Select(id => new BulkSubscribeAppResponseEntry(id, BulkSubscribeAppResponseStatus.SUCCESS))])),
                "empty-status" => Results.Json(new { statuses = delivery.EntryIds.Select(id => new { entryId = id, status = id == "0" ? string.Empty : "SUCCESS" }) }),
                "status-500" => Results.StatusCode(500),
                _ => Results.Ok(),
            });
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(5, 4));

        var first = await deliveries.NextAsync();
        var second = await deliveries.NextAsync();
        var next = await deliveries.NextAsync();

        Assert.Equal([1, 2, 3, 4], first.Numbers);
        Assert.Equal([1, 2, 3, 4], second.Numbers);
        Assert.Equal([5, 6, 7, 8], next.Numbers);
    }

    [Fact]
    public async Task A_retried_entry_alone_is_resent_under_the_inbound_policy_then_dead_lettered_and_the_others_are_done()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), PubSubTestKit.InboundRetry);
        var publisher = await harness.AddClientAsync("publisher");
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(1, 4));
        var (_, deadLetters) = await PubSubTestKit.AddSubscriberAsync(harness, "dlq", "pubsub", "orders-dead");
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 4, maxAwaitMs: 600_000,
            answer: (delivery, _) => Succeed(delivery, id => id == "2" ? BulkSubscribeAppResponseStatus.RETRY : null),
            deadLetterTopic: "orders-dead");

        var batch = await deliveries.NextAsync();
        var retry1 = await deliveries.NextAsync();
        var retry2 = await deliveries.NextAsync();
        var dead = await deadLetters.NextAsync();
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(5, 4));
        var next = await deliveries.NextAsync();

        Assert.Equal([1, 2, 3, 4], batch.Numbers);
        Assert.Equal(["2"], retry1.EntryIds);
        Assert.Equal(["2"], retry2.EntryIds);
        Assert.Equal(3, dead.CloudEvent.GetProperty("data").GetProperty("n").GetInt32());
        Assert.Equal([5, 6, 7, 8], next.Numbers);
    }

    [Fact]
    public async Task A_dropped_entry_is_dead_lettered_and_404_ends_the_batch_without_a_redelivery()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var publisher = await harness.AddClientAsync("publisher");
        await PublishNumbersAsync(publisher, "pubsub", Topic, Enumerable.Range(1, 4));
        var (_, deadLetters) = await PubSubTestKit.AddSubscriberAsync(harness, "dlq", "pubsub", "orders-dead");
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "pubsub", Topic, maxMessages: 2, maxAwaitMs: 600_000,
            answer: (delivery, call) => call == 1
                ? Succeed(delivery, id => id == "1" ? BulkSubscribeAppResponseStatus.DROP : null)
                : call == 2 ? Results.NotFound() : Succeed(delivery),
            deadLetterTopic: "orders-dead");

        var first = await deliveries.NextAsync();
        var second = await deliveries.NextAsync();
        var dead = await deadLetters.NextAsync();
        await PublishNumbersAsync(publisher, "pubsub", Topic, [5, 6]);
        var third = await deliveries.NextAsync();

        Assert.Equal([1, 2], first.Numbers);
        Assert.Equal([3, 4], second.Numbers);
        Assert.Equal(2, dead.CloudEvent.GetProperty("data").GetProperty("n").GetInt32());
        Assert.Equal([5, 6], third.Numbers);
        await deadLetters.AssertNoMoreAsync();
    }

    [Fact]
    public async Task A_component_without_a_bulk_subscriber_gets_daprds_default_one()
    {
        const string inMemory = """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: memory
            spec:
              type: pubsub.in-memory
              version: v1
            """;
        await using var harness = await EmulatorHarness.StartAsync(inMemory);
        var (_, deliveries) = await AddBulkSubscriberAsync(harness, "consumer", "memory", Topic, maxMessages: 3, maxAwaitMs: 600_000);
        var publisher = await harness.AddClientAsync("publisher");

        await PublishNumbersAsync(publisher, "memory", Topic, [1, 2, 3]);
        var batch = await deliveries.NextAsync();

        Assert.Equal([1, 2, 3], batch.Numbers.Order());
        Assert.All(batch.EntryIds, id => Assert.True(Guid.TryParse(id, out _)));
    }

    [Fact]
    public void Programmatic_and_declarative_subscriptions_read_the_bulk_block()
    {
        var parsed = SubscriptionDefinition.ParseProgrammatic(System.Text.Json.Nodes.JsonNode.Parse("""
            [{"pubsubname":"p","topic":"a","route":"/a","bulkSubscribe":{"enabled":true,"maxMessagesCount":50,"maxAwaitDurationMs":40}},
             {"pubsubname":"p","topic":"b","route":"/b","BulkSubscribe":{"Enabled":false}},
             {"pubsubname":"p","topic":"c","route":"/c"}]
            """));

        Assert.True(parsed[0].IsBulk);
        Assert.Equal((50, TimeSpan.FromMilliseconds(40)), parsed[0].BulkSubscribe!.WithDefaults((80, 10_000)));
        Assert.False(parsed[1].IsBulk);
        Assert.Equal((80, TimeSpan.FromSeconds(10)), parsed[1].BulkSubscribe!.WithDefaults((80, 10_000)));
        Assert.Null(parsed[2].BulkSubscribe);
        Assert.Throws<FormatException>(() => SubscriptionDefinition.ParseProgrammatic(System.Text.Json.Nodes.JsonNode.Parse(
            """[{"pubsubname":"p","topic":"a","route":"/a","bulkSubscribe":{"enabled":"yes"}}]""")));
    }
}
