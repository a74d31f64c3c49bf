using System.Text.Json;
using System.Threading.Channels;
using Dapr;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>Components and subscriber apps shared by the pub/sub, resiliency and tracing tests.</summary>
public static class PubSubTestKit
{
    public static string Kafka(string name, string brokers = "broker:9092", string? consumerId = null, string initialOffset = "oldest", string type = "pubsub.kafka")
    {
        var yaml = $"apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: {type}\n  version: v1\n  metadata:\n"
                   + $"    - name: brokers\n      value: \"{brokers}\"\n    - name: initialOffset\n      value: \"{initialOffset}\"\n"
                   + "    - name: backOffDuration\n      value: \"20ms\"\n";
        return consumerId is null ? yaml : yaml + $"    - name: consumerID\n      value: \"{consumerId}\"\n";
    }

    public const string InboundRetry = """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: inbound
        spec:
          policies:
            retries:
              fast:
                policy: constant
                duration: 10ms
                maxRetries: 2
          targets:
            components:
              pubsub:
                inbound:
                  retry: fast
        """;

    /// <summary>
    /// An app with a programmatic subscription (the SDK's <c>WithTopic</c> + <c>MapSubscribeHandler</c>) whose handler
    /// sees the raw CloudEvent; every delivery is written to the returned channel before the handler answers.
    /// </summary>
    public static async Task<(TestApp App, ChannelReader<Delivery> Deliveries)> AddSubscriberAsync(
        EmulatorHarness harness, string appId, string pubsub, string topic, Func<Delivery, IResult>? answer = null, string? deadLetterTopic = null)
    {
        var channel = Channel.CreateUnbounded<Delivery>();
        var app = await harness.AddAppAsync(appId, web =>
        {
            web.MapSubscribeHandler();
            web.MapPost("/events/" + topic, async (HttpContext context) =>
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
                var delivery = new Delivery(body, context.Request.ContentType, context.Request.Headers["traceparent"].ToString());
                await channel.Writer.WriteAsync(delivery);
                return answer?.Invoke(delivery) ?? Results.Ok();
            }).WithTopic(new TopicOptions { PubsubName = pubsub, Name = topic, DeadLetterTopic = deadLetterTopic });
        });
        return (app, channel.Reader);
    }

    public static async Task<Delivery> NextAsync(this ChannelReader<Delivery> reader) =>
        await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Asserts that nothing more arrives within a short grace period (used only for "not delivered" checks).</summary>
    public static async Task AssertNoMoreAsync(this ChannelReader<Delivery> reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(cts.Token));
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}

/// <summary>One delivery as the app saw it.</summary>
public sealed record Delivery(JsonElement CloudEvent, string? ContentType, string TraceParent)
{
    public string Str(string field) => CloudEvent.GetProperty(field).GetString()!;
}
