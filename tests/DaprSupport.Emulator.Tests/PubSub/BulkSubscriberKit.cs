using System.Text.Json;
using System.Threading.Channels;
using Dapr;
using Dapr.AspNetCore;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>
/// A bulk subscriber app for the bulk subscribe tests: the SDK's <c>WithTopic</c> + <c>WithBulkSubscribe</c>, every
/// envelope written to a channel before the app answers with what <c>answer</c> returns (default: SUCCESS for all).
/// </summary>
public static class BulkSubscriberKit
{
    public static async Task<(TestApp App, ChannelReader<BulkDelivery> Deliveries)> AddBulkSubscriberAsync(
        EmulatorHarness harness, string appId, string pubsub, string topic, int maxMessages, int maxAwaitMs,
        Func<BulkDelivery, int, IResult>? answer = null, string? deadLetterTopic = null)
    {
        var channel = Channel.CreateUnbounded<BulkDelivery>();
        var calls = 0;
        var app = await harness.AddAppAsync(appId, web =>
        {
            web.MapSubscribeHandler();
            web.MapPost("/bulk/" + topic, async (HttpContext context) =>
            {
                var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
                var delivery = new BulkDelivery(body, context.Request.ContentType, context.Request.Headers["pubsubName"].ToString());
                await channel.Writer.WriteAsync(delivery);
                return answer?.Invoke(delivery, Interlocked.Increment(ref calls)) ?? Succeed(delivery);
            })
            .WithTopic(new TopicOptions { PubsubName = pubsub, Name = topic, DeadLetterTopic = deadLetterTopic })
            .WithBulkSubscribe(new BulkSubscribeTopicOptions { TopicName = topic, MaxMessagesCount = maxMessages, MaxAwaitDurationMs = maxAwaitMs });
        });
        return (app, channel.Reader);
    }

    /// <summary>SUCCESS for every entry, except those <paramref name="status"/> names another status for.</summary>
    public static IResult Succeed(BulkDelivery delivery, Func<string, BulkSubscribeAppResponseStatus?>? status = null) =>
        Results.Ok(new BulkSubscribeAppResponse(
            [.. delivery.EntryIds.Select(id => new BulkSubscribeAppResponseEntry(id, status?.Invoke(id) ?? BulkSubscribeAppResponseStatus.SUCCESS))]));

    public static async Task<BulkDelivery> NextAsync(this ChannelReader<BulkDelivery> reader) =>
        await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Publishes <c>{ n }</c> for each number, all with one partition key (so one partition, in order).</summary>
    public static async Task PublishNumbersAsync(TestApp publisher, string pubsub, string topic, IEnumerable<int> numbers, string key = "one-key")
    {
        ArgumentNullException.ThrowIfNull(publisher);
        foreach (var n in numbers)
        {
            await publisher.Client.PublishEventAsync(pubsub, topic, new { n }, new Dictionary<string, string> { ["partitionKey"] = key });
        }
    }
}

/// <summary>One bulk envelope as the app received it.</summary>
public sealed record BulkDelivery(JsonElement Envelope, string? ContentType, string PubsubHeader)
{
    public JsonElement[] Entries => [.. Envelope.GetProperty("entries").EnumerateArray()];

    public string[] EntryIds => [.. Entries.Select(e => e.GetProperty("entryId").GetString()!)];

    /// <summary>The <c>n</c> of each entry's CloudEvent data, in entry order.</summary>
    public int[] Numbers => [.. Entries.Select(e => e.GetProperty("event").GetProperty("data").GetProperty("n").GetInt32())];
}
