using System.Text.Json;
using System.Threading.Channels;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.Engine;
using DaprSupport.Emulator.Tests.PubSub;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

// The SDK marks InvokeMethodAsync obsolete in favour of plain HTTP clients, but services still use it: it must keep working.
#pragma warning disable CS0618

namespace DaprSupport.Emulator.Tests.Replicas;

/// <summary>
/// Several instances of one app id, each with its own sidecar, as daprd runs them (a second <c>dapr run</c> with the
/// same app id, a Deployment's replicas): invocation spreads over them as the mDNS resolver does, each instance has
/// its own subscriptions (its own consumer group under <c>{uuid}</c>, a shared one under the app id), and a run file
/// may name an appID twice.
/// </summary>
public sealed class AppReplicaTests
{
    [Fact]
    public async Task Invocation_of_an_app_id_with_two_instances_goes_round_robin_over_them()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await AddNamedAsync(harness, "one");
        await AddNamedAsync(harness, "two");
        var caller = await harness.AddClientAsync("caller");

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await caller.Client.InvokeMethodAsync<string>(HttpMethod.Get, "svc", "whoami"));
        }

        Assert.Equal(2, harness.Host.ReplicasOf("svc").Count);
        Assert.Equal(["one", "two", "one", "two"], answers);
    }

    [Fact]
    public async Task A_second_sidecar_for_an_app_id_is_refused_unless_it_is_a_replica()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await harness.AddClientAsync("svc");

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Host.AddSidecarAsync(new SidecarOptions("svc")));
    }

    [Fact]
    public async Task Each_instance_gets_every_event_under_a_uuid_group_and_shares_the_app_id_group()
    {
        await using var harness = await EmulatorHarness.StartAsync(
            PubSubTestKit.Kafka("fanout", consumerId: "{appID}-{uuid}"), PubSubTestKit.Kafka("pubsub"));
        var first = await AddSubscriberAsync(harness);
        var second = await AddSubscriberAsync(harness);
        var publisher = await harness.AddClientAsync("pub");

        for (var i = 0; i < 4; i++)
        {
            await publisher.Client.PublishEventAsync("fanout", "every", i);
            await publisher.Client.PublishEventAsync("pubsub", "once", i);
        }

        foreach (var instance in new[] { first, second })
        {
            Assert.Equal([0, 1, 2, 3], (await ReadAsync(instance.Every, 4)).Order());
        }

        var shared = new List<int>();
        while (shared.Count < 4)
        {
            await Task.WhenAny(first.Once.WaitToReadAsync().AsTask(), second.Once.WaitToReadAsync().AsTask())
                .WaitAsync(TimeSpan.FromSeconds(10));
            foreach (var reader in new[] { first.Once, second.Once })
            {
                while (reader.TryRead(out var data))
                {
                    shared.Add(data);
                }
            }
        }

        Assert.Equal([0, 1, 2, 3], shared.Order());
        await first.Once.AssertNothingMoreAsync();
        await second.Once.AssertNothingMoreAsync();
    }

    [Fact]
    public void A_run_file_may_name_an_app_id_twice()
    {
        var dir = Directory.CreateTempSubdirectory("replica-runfile-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "gw"));
            var path = Path.Combine(dir.FullName, "dapr.yaml");
            File.WriteAllText(path, """
                version: 1
                apps:
                  - appID: gateway
                    appDirPath: ./gw/
                    appPort: 9001
                  - appID: gateway
                    appDirPath: ./gw/
                    appPort: 9002
                """);

            var runFile = RunFileLoader.Load(path);

            Assert.Equal([9001, 9002], runFile.Apps.Select(a => a.AppPort ?? 0));
            Assert.All(runFile.Apps, a => Assert.Equal("gateway", a.AppId));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Task<TestApp> AddNamedAsync(EmulatorHarness harness, string name) =>
        harness.AddAppAsync("svc", web => web.MapGet("/whoami", () => Results.Json(name)), replica: true);

    private static async Task<(ChannelReader<int> Every, ChannelReader<int> Once)> AddSubscriberAsync(EmulatorHarness harness)
    {
        var every = Channel.CreateUnbounded<int>();
        var once = Channel.CreateUnbounded<int>();
        await harness.AddAppAsync("gw", web =>
        {
            web.MapGet("/dapr/subscribe", () => Results.Json(new[]
            {
                new { pubsubname = "fanout", topic = "every", route = "/events/every" },
                new { pubsubname = "pubsub", topic = "once", route = "/events/once" },
            }));
            web.MapPost("/events/every", async (JsonElement e) => { await every.Writer.WriteAsync(e.GetProperty("data").GetInt32()); return Results.Ok(); });
            web.MapPost("/events/once", async (JsonElement e) => { await once.Writer.WriteAsync(e.GetProperty("data").GetInt32()); return Results.Ok(); });
        }, replica: true);
        return (every.Reader, once.Reader);
    }

    private static async Task<List<int>> ReadAsync(ChannelReader<int> reader, int count)
    {
        var got = new List<int>();
        for (var i = 0; i < count; i++)
        {
            got.Add(await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        return got;
    }
}

internal static class ChannelAssertions
{
    /// <summary>Nothing more arrives within a short grace period (only for "not delivered twice" checks).</summary>
    public static async Task AssertNothingMoreAsync(this ChannelReader<int> reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(cts.Token));
    }
}
