using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.PubSub;

/// <summary>Follows the Dapr API reference: reference/api/pubsub_api (publish, delivery, expected app responses).</summary>
public sealed class PublishAndDeliverTests
{
    [Fact]
    public async Task Sdk_publish_is_delivered_as_a_cloudevent_with_daprd_fields()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "orders");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "orders", new { orderId = 7 });

        var d = await deliveries.NextAsync();
        Assert.Equal("application/cloudevents+json", d.ContentType);
        Assert.Equal("pub", d.Str("source"));
        Assert.Equal("com.dapr.event.sent", d.Str("type"));
        Assert.Equal("1.0", d.Str("specversion"));
        Assert.Equal("application/json", d.Str("datacontenttype"));
        Assert.Equal("orders", d.Str("topic"));
        Assert.Equal("pubsub", d.Str("pubsubname"));
        Assert.Equal(7, d.CloudEvent.GetProperty("data").GetProperty("orderId").GetInt32());
        Assert.True(Guid.TryParse(d.Str("id"), out _));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", d.Str("traceparent"));
        Assert.Equal(d.Str("traceparent"), d.Str("traceid"));
        Assert.True(DateTimeOffset.TryParse(d.Str("time"), out _));
    }

    [Fact]
    public async Task Http_publish_passes_a_cloudevent_through_and_raw_payload_stays_bare()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "t1");
        var publisher = await harness.AddClientAsync("pub");

        using var ce = new StringContent("""{"id":"my-id","source":"elsewhere","type":"custom.type","specversion":"1.0","data":{"a":1}}""", Encoding.UTF8, "application/cloudevents+json");
        using var r1 = await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/t1", UriKind.Relative), ce);
        Assert.Equal(HttpStatusCode.NoContent, r1.StatusCode);
        var first = await deliveries.NextAsync();
        Assert.Equal("my-id", first.Str("id"));
        Assert.Equal("custom.type", first.Str("type"));
        Assert.Equal("t1", first.Str("topic"));
        Assert.Equal("pubsub", first.Str("pubsubname"));

        using var raw = new StringContent("""{"bare":true}""", Encoding.UTF8, "application/json");
        using var r2 = await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/t1?metadata.rawPayload=true", UriKind.Relative), raw);
        Assert.Equal(HttpStatusCode.NoContent, r2.StatusCode);
        var second = await deliveries.NextAsync();
        Assert.True(second.CloudEvent.GetProperty("bare").GetBoolean());
        Assert.False(second.CloudEvent.TryGetProperty("specversion", out _));
    }

    [Fact]
    public async Task Text_payload_is_a_string_and_binary_is_data_base64()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "t2");
        var publisher = await harness.AddClientAsync("pub");

        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        (await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/t2", UriKind.Relative), text)).Dispose();
        Assert.Equal("hello", (await deliveries.NextAsync()).Str("data"));

        using var bytes = new ByteArrayContent([1, 2, 3]);
        bytes.Headers.ContentType = new("application/octet-stream");
        (await publisher.SidecarHttp.PostAsync(new Uri("/v1.0/publish/pubsub/t2", UriKind.Relative), bytes)).Dispose();
        Assert.Equal(Convert.ToBase64String([1, 2, 3]), (await deliveries.NextAsync()).Str("data_base64"));
    }

    [Fact]
    public async Task Publish_errors_match_daprd()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var publisher = await harness.AddClientAsync("pub");

        async Task<(HttpStatusCode, string)> Post(string path)
        {
            using var body = new StringContent("{}", Encoding.UTF8, "application/json");
            using var r = await publisher.SidecarHttp.PostAsync(new Uri(path, UriKind.Relative), body);
            return (r.StatusCode, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString()!);
        }

        Assert.Equal((HttpStatusCode.NotFound, "ERR_PUBSUB_NOT_FOUND"), await Post("/v1.0/publish/nope/t"));
        Assert.Equal((HttpStatusCode.NotFound, "ERR_TOPIC_EMPTY"), await Post("/v1.0/publish/pubsub/"));
        Assert.Equal((HttpStatusCode.NotFound, "ERR_PUBSUB_EMPTY"), await Post("/v1.0/publish//t"));

        var ex = await Assert.ThrowsAsync<Dapr.DaprException>(() => publisher.Client.PublishEventAsync("nope", "t", new { a = 1 }));
        var rpc = Assert.IsType<Grpc.Core.RpcException>(ex.InnerException);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("pubsub nope not found", rpc.Status.Detail);
    }

    [Fact]
    public async Task Bulk_publish_over_http_and_grpc_delivers_every_entry()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "bulk");
        var publisher = await harness.AddClientAsync("pub");

        using var body = new StringContent("""[{"entryId":"1","event":{"n":1},"contentType":"application/json"},{"entryId":"2","event":"two","contentType":"text/plain"}]""", Encoding.UTF8, "application/json");
        using var r = await publisher.SidecarHttp.PostAsync(new Uri("/v1.0-alpha1/publish/bulk/pubsub/bulk", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var sdk = await publisher.Client.BulkPublishEventAsync("pubsub", "bulk", new[] { new { n = 3 } });
        Assert.Empty(sdk.FailedEntries);

        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add((await deliveries.NextAsync()).CloudEvent.GetProperty("data").ToString());
        }

        Assert.Contains("two", seen);
        Assert.Contains(seen, s => s.Contains("\"n\":1", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains("\"n\":3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_with_the_same_partition_key_arrive_in_publish_order()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"));
        var received = new ConcurrentDictionary<string, List<int>>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = 0;
        const int keys = 4, perKey = 15;
        var (_, _) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "ordered", d =>
        {
            var data = d.CloudEvent.GetProperty("data");
            var list = received.GetOrAdd(data.GetProperty("key").GetString()!, _ => []);
            lock (list)
            {
                list.Add(data.GetProperty("seq").GetInt32());
            }

            if (Interlocked.Increment(ref total) == keys * perKey)
            {
                all.TrySetResult();
            }

            return Results.Ok();
        });
        var publisher = await harness.AddClientAsync("pub");

        await Task.WhenAll(Enumerable.Range(0, keys).Select(async k =>
        {
            for (var seq = 0; seq < perKey; seq++)
            {
                await publisher.Client.PublishEventAsync("pubsub", "ordered", new { key = $"k{k}", seq },
                    new Dictionary<string, string> { ["partitionKey"] = $"k{k}" });
            }
        }));

        await all.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(keys, received.Count);
        Assert.All(received.Values, list => Assert.Equal(Enumerable.Range(0, perKey), list));
    }

    [Fact]
    public async Task In_memory_pubsub_delivers_to_its_subscribers()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub", type: "pubsub.in-memory"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "mem");
        var publisher = await harness.AddClientAsync("pub");

        await publisher.Client.PublishEventAsync("pubsub", "mem", "hi");

        Assert.Equal("hi", (await deliveries.NextAsync()).Str("data"));
    }
}
