using System.Threading.Channels;
using DaprSupport.Testing;
using DaprSupport.Emulator.Tests.PubSub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Tracing;

/// <summary>Follows operations/observability/tracing/w3c-tracing-overview and the Configuration's tracing.samplingRate.</summary>
public sealed class TraceContextPropagationTests
{
    private static string Config(string rate) => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: tracing
        spec:
          tracing:
            samplingRate: "{rate}"
        """;

    private static async Task<(TestApp Caller, ChannelReader<string> Seen)> StartAsync(EmulatorHarness harness)
    {
        var seen = Channel.CreateUnbounded<string>();
        await harness.AddAppAsync("target", web => web.MapGet("/op", async (HttpContext c) =>
        {
            await seen.Writer.WriteAsync(c.Request.Headers["traceparent"].ToString());
            return Results.Ok();
        }));
        return (await harness.AddClientAsync("caller"), seen.Reader);
    }

    [Fact]
    public async Task Incoming_traceparent_is_continued_into_the_app_with_a_new_span()
    {
        await using var harness = await EmulatorHarness.StartAsync(Config("0"));
        var (caller, seen) = await StartAsync(harness);
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1.0/invoke/target/method/op", UriKind.Relative));
        request.Headers.Add("traceparent", parent);
        (await caller.SidecarHttp.SendAsync(request)).Dispose();

        var forwarded = (await seen.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Split('-');
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", forwarded[1]);
        Assert.NotEqual("b7ad6b7169203331", forwarded[2]);
        Assert.Equal("01", forwarded[3]);
    }

    [Theory]
    [InlineData("0", "00")]
    [InlineData("1", "01")]
    public async Task New_traces_are_sampled_per_sampling_rate(string rate, string flags)
    {
        await using var harness = await EmulatorHarness.StartAsync(Config(rate));
        var (caller, seen) = await StartAsync(harness);

        (await caller.SidecarHttp.GetAsync(new Uri("/v1.0/invoke/target/method/op", UriKind.Relative))).Dispose();

        var traceparent = await seen.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Matches($"^00-[0-9a-f]{{32}}-[0-9a-f]{{16}}-{flags}$", traceparent);
    }

    [Fact]
    public async Task Published_events_carry_the_publisher_trace_into_the_cloudevent_and_delivery()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), Config("1"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "traced");
        var publisher = await harness.AddClientAsync("pub");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1.0/publish/pubsub/traced", UriKind.Relative))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        (await publisher.SidecarHttp.SendAsync(request)).Dispose();

        var delivery = await deliveries.NextAsync();
        Assert.Equal(traceId, delivery.Str("traceparent").Split('-')[1]);
        Assert.Equal(traceId, delivery.TraceParent.Split('-')[1]);
        Assert.NotEqual(delivery.Str("traceparent"), delivery.TraceParent);
    }

    [Fact]
    public async Task With_tracing_disabled_a_delivery_carries_no_traceparent_header()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), Config("0"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "untraced");
        var publisher = await harness.AddClientAsync("pub");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1.0/publish/pubsub/untraced", UriKind.Relative))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        (await publisher.SidecarHttp.SendAsync(request)).Dispose();

        var delivery = await deliveries.NextAsync();
        Assert.Equal(string.Empty, delivery.TraceParent);
    }

    [Fact]
    public async Task A_raw_published_cloudevent_is_delivered_as_published_with_its_span_from_the_metadata_trace()
    {
        await using var harness = await EmulatorHarness.StartAsync(PubSubTestKit.Kafka("pubsub"), Config("1"));
        var (_, deliveries) = await PubSubTestKit.AddSubscriberAsync(harness, "sub", "pubsub", "raw-traced");
        var publisher = await harness.AddClientAsync("pub");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string cloudEvent = """{"specversion":"1.0","id":"raw-1","source":"elsewhere","type":"t","datacontenttype":"application/json","data":{"n":1}}""";

        var url = $"/v1.0/publish/pubsub/raw-traced?metadata.rawPayload=true&metadata.traceparent=00-{traceId}-00f067aa0ba902b7-01";
        using var content = new StringContent(cloudEvent, System.Text.Encoding.UTF8, "application/json");
        (await publisher.SidecarHttp.PostAsync(new Uri(url, UriKind.Relative), content)).Dispose();

        var delivery = await deliveries.NextAsync();
        Assert.Equal("raw-1", delivery.Str("id"));
        Assert.False(delivery.CloudEvent.TryGetProperty("traceparent", out _), "the body is the message as published");
        Assert.Equal(traceId, delivery.TraceParent.Split('-')[1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_actor_call_reaches_the_app_with_the_sidecars_span_of_the_callers_trace(bool withParent)
    {
        await using var harness = await EmulatorHarness.StartAsync(DaprSupport.Emulator.Tests.Actors.ActorTestHosts.ActorStore, Config("1"));
        var seen = Channel.CreateUnbounded<string>();
        await harness.AddAppAsync("traced-host", web =>
        {
            web.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "TraceProbe" } }));
            web.MapPut("/actors/TraceProbe/{id}/method/{method}", async (HttpContext c) =>
            {
                await seen.Writer.WriteAsync(c.Request.Headers["traceparent"].ToString());
                return Results.Ok();
            });
        });
        var caller = await harness.AddClientAsync("caller");
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/v1.0/actors/TraceProbe/1/method/Do", UriKind.Relative));
        if (withParent)
        {
            request.Headers.Add("traceparent", parent);
        }

        (await caller.SidecarHttp.SendAsync(request)).Dispose();

        var forwarded = (await seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Split('-');
        Assert.Equal(4, forwarded.Length);
        Assert.NotEqual("b7ad6b7169203331", forwarded[2]);
        Assert.Equal(withParent, forwarded[1] == "0af7651916cd43dd8448eb211c80319c");
    }
}
