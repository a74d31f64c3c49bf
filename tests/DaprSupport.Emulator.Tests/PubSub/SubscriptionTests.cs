using System.Text;
using System.Threading.Channels;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>
/// Follows reference/api/pubsub_api ("Provide routes for Dapr to deliver topic events", "Expected HTTP Response")
/// and reference/resource-specs/subscription-schema (declarative subscriptions, routing rules, dead-letter topics).
/// </summary>
public sealed class SubscriptionTests
{
    [Fact]
    public async Task Declarative_v2_subscription_routes_by_rule_and_default()
    {
        const string subscription = """
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata:
              name: routed
            spec:
              pubsubname: pubsub
              topic: inventory
              routes:
                rules:
                  - match: event.type == "widget" && event.data.size.cm >= 10
                    path: /big-widgets
                  - match: event.type == 'widget' || (event.data.kind == "gadget" && !(event.data.size.cm > 100))
                    path: /widgets
                default: /other
            scopes: [ sub ]
            """;
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), subscription);
        var paths = Channel.CreateUnbounded<string>();
        await harness.AddAppAsync("sub", web =>
        {
            foreach (var path in new[] { "/big-widgets", "/widgets", "/other" })
            {
                web.MapPost(path, async () => { await paths.Writer.WriteAsync(path); return Results.Ok(); });
            }
        });
        var publisher = await harness.AddClientAsync("pub");

        async Task<string> Publish(string type, string data)
        {
            using var body = new StringContent($$"""{"specversion":"1.0","type":"{{type}}","source":"x","id":"{{Guid.NewGuid()}}","data":{{data}}}""", Encoding.UTF8, "application/cloudevents+json");
            (await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/inventory", UriKind.Relative), body)).EnsureSuccessStatusCode();
            return await paths.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal("/big-widgets", await Publish("widget", """{"size":{"cm":12}}"""));
        Assert.Equal("/widgets", await Publish("widget", """{"size":{"cm":3}}"""));
        Assert.Equal("/widgets", await Publish("other", """{"kind":"gadget","size":{"cm":5}}"""));
        Assert.Equal("/other", await Publish("other", """{"kind":"gadget","size":{"cm":500}}"""));

        var metadata = Assert.Single(harness.Host.PubSub.SubscriptionsOf("sub"));
        Assert.Equal("declarative", metadata.Type);
        Assert.Equal(3, metadata.Rules.Count);
    }

    [Fact]
    public async Task Two_apps_each_get_every_event_while_one_shared_group_gets_each_event_once()
    {
        await using var harness = await EmulatorHarness.StartAsync(
            PubSubTestKit.Kafka("pubsub"),
            PubSubTestKit.Kafka("shared", consumerId: "one-group"),
            PubSubTestKit.Kafka("replicas", consumerId: "fanout-{uuid}"));
        var (_, a) = await PubSubTestKit.AddSubscriberAsync(harness, "app-a", "pubsub", "t");
        var (_, b) = await PubSubTestKit.AddSubscriberAsync(harness, "app-b", "pubsub", "t");
        var (_, s1) = await PubSubTestKit.AddSubscriberAsync(harness, "shared-1", "shared", "s");
        var (_, s2) = await PubSubTestKit.AddSubscriberAsync(harness, "shared-2", "shared", "s");
        var (_, r1) = await PubSubTestKit.AddSubscriberAsync(harness, "replica-1", "replicas", "r");
        var (_, r2) = await PubSubTestKit.AddSubscriberAsync(harness, "replica-2", "replicas", "r");
        var publisher = await harness.AddClientAsync("pub");

        for (var i = 0; i < 4; i++)
        {
            // All three component names use the same brokers, so they are one cluster: topics t, s and r are distinct.
            await publisher.Client.PublishEventAsync("pubsub", "t", i);
            await publisher.Client.PublishEventAsync("shared", "s", i);
            await publisher.Client.PublishEventAsync("replicas", "r", i);
        }

        foreach (var reader in new[] { a, b, r1, r2 })
        {
            var got = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                got.Add((await reader.NextAsync()).CloudEvent.GetProperty("data").GetInt32());
            }

            Assert.Equal([0, 1, 2, 3], got.Order());
        }

        var shared = new List<int>();
        while (shared.Count < 4)
        {
            await Task.WhenAny(s1.WaitToReadAsync().AsTask(), s2.WaitToReadAsync().AsTask()).WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var reader in new[] { s1, s2 })
            {
                while (reader.TryRead(out var d))
                {
                    shared.Add(d.CloudEvent.GetProperty("data").GetInt32());
                }
            }
        }

        Assert.Equal([0, 1, 2, 3], shared.Order());
        await s1.AssertNoMoreAsync();
        await s2.AssertNoMoreAsync();
    }

    [Fact]
    public async Task Two_component_names_over_the_same_brokers_share_topics()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub", brokers: "k1:9092"), PubSubTestKit.Kafka("alias", brokers: "k1:9092"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "alias", "shared-topic");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "shared-topic", "via-other-name");

        Assert.Equal("via-other-name", (await deliveries.NextAsync()).Str("data"));
    }

    [Fact]
    public async Task Retry_status_is_redelivered_until_success()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), PubSubTestKit.InboundRetry);
        var calls = 0;
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "retry",
            _ => Interlocked.Increment(ref calls) == 1 ? Results.Json(new { status = "RETRY" }) : Results.Json(new { status = "SUCCESS" }));
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "retry", "x");

        var first = await deliveries.NextAsync();
        var second = await deliveries.NextAsync();
        Assert.Equal(first.Str("id"), second.Str("id"));
        await deliveries.AssertNoMoreAsync();
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("404")]
    public async Task Drop_and_404_are_not_redelivered_and_go_to_the_dead_letter_topic(string answer)
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), PubSubTestKit.InboundRetry);
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "dropped",
            _ => answer == "drop" ? Results.Json(new { status = "DROP" }) : Results.NotFound(), deadLetterTopic: "dropped-dlq");
        var (_, dead) = await PubSubTestKit.AddSubscriberAsync(harness, "dlq", "pubsub", "dropped-dlq");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "dropped", "x");

        var original = await deliveries.NextAsync();
        var deadLettered = await dead.NextAsync();
        Assert.Equal(original.Str("id"), deadLettered.Str("id"));
        Assert.Equal("dropped", deadLettered.Str("topic"));
        await deliveries.AssertNoMoreAsync();
    }

    [Fact]
    public async Task Failing_deliveries_go_to_the_dead_letter_topic_once_retries_are_exhausted()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), PubSubTestKit.InboundRetry);
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "failing",
            _ => Results.StatusCode(500), deadLetterTopic: "failing-dlq");
        var (_, dead) = await PubSubTestKit.AddSubscriberAsync(harness, "dlq", "pubsub", "failing-dlq");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "failing", "x");

        var deadLettered = await dead.NextAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(deadLettered.Str("id"), (await deliveries.NextAsync()).Str("id"));
        }

        await deliveries.AssertNoMoreAsync();
    }
}
