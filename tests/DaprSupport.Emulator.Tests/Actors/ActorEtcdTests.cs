using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprSupport.Emulator.Tests.State;
using DaprSupport.Testing;
using Grpc.Net.Client;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// The core actor behaviours with the actor state store on a real etcd (state.etcd v1, as the project runs it; v2 where
/// a test says so), including a restart of the
/// emulator on the same etcd: developing-applications/building-blocks/actors/actors-timers-reminders and
/// reference/api/actors_api (reminders are kept by the Scheduler service, so they outlive the sidecar).
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class ActorEtcdTests(EtcdFixture etcd)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An actor state store on the fixture's etcd, under a prefix path of its own per test: state.etcd v1, as the
    /// project's (on v2 a reactivated .NET actor sees none of its state; see the v2 test below).
    /// </summary>
    private string ActorStore() => ActorStore("v1");

    /// <summary>An actor state store of the given state.etcd schema version.</summary>
    private string ActorStore(string version, IReadOnlyDictionary<string, string>? extra = null)
    {
        var metadata = new Dictionary<string, string> { ["actorStateStore"] = "true" };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            metadata[k] = v;
        }

        return StateStoreKinds.EtcdComponent("actorstore", etcd, version, metadata);
    }

    /// <summary>
    /// The bug daprd + contrib's state.etcd v2 + Dapr.Actors 1.19 produce together: every stored value reads back with
    /// <c>Metadata.ttlexpiretime</c> = its write time, and the SDK treats a value whose expiry has passed as absent
    /// (DaprStateProvider.TryLoadStateAsync and ContainsStateAsync), so in a fresh activation every read finds nothing
    /// and a remove deletes nothing; the key stays in the store.
    /// </summary>
    [Fact]
    public async Task On_etcd_v2_the_sdk_sees_no_state_in_a_fresh_activation_and_cannot_remove_it()
    {
        var (host, id, dispose) = await ActivateOverExistingStateAsync(ActorStore("v2"));
        await using var _ = dispose;
        var actor = host.Proxy(id);

        Assert.Null(await actor.Peek());
        Assert.Null(await actor.Peek());
        Assert.False(await actor.Forget());

        using var stored = await host.SidecarHttp.GetAsync(new Uri($"/v1.0/actors/{ActorTestHosts.ActorType}/{id}/state/count", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("1", await stored.Content.ReadAsStringAsync());
    }

    /// <summary>The same scenario on v1, the project's actor store: no expiry, so reads and the remove behave.</summary>
    [Fact]
    public async Task On_etcd_v1_the_sdk_keeps_state_across_reads_of_an_activation_and_removes_it()
    {
        var (host, id, dispose) = await ActivateOverExistingStateAsync(ActorStore("v1"));
        await using var _ = dispose;
        var actor = host.Proxy(id);

        Assert.Equal(1, await actor.Peek());
        Assert.Equal(1, await actor.Peek());
        Assert.True(await actor.Forget());

        using var stored = await host.SidecarHttp.GetAsync(new Uri($"/v1.0/actors/{ActorTestHosts.ActorType}/{id}/state/count", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, stored.StatusCode);
    }

    /// <summary>onGetActorState (pkg/api/http/actors.go) and GetActorState (pkg/api/grpc) pass the store's read metadata on.</summary>
    [Theory]
    [InlineData("v2", true)]
    [InlineData("v1", false)]
    public async Task Actor_state_reads_carry_ttlExpireTime_exactly_when_the_schema_reports_one(string version, bool expected)
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorStore(version));
        var host = await harness.AddHostAsync("host");
        var id = ActorTestHosts.NewId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(1, await host.Proxy(id).Increment());
        var after = DateTimeOffset.UtcNow;

        using var http = await host.SidecarHttp.GetAsync(new Uri($"/v1.0/actors/{ActorTestHosts.ActorType}/{id}/state/count", UriKind.Relative));
        using var channel = host.OpenGrpcChannel();
        var grpc = await new Autogen.Dapr.DaprClient(channel).GetActorStateAsync(
            new Autogen.GetActorStateRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Key = "count" });

        Assert.Equal("1", await http.Content.ReadAsStringAsync());
        Assert.Equal(expected, http.Headers.Any(h => h.Key == "Metadata.ttlexpiretime"));
        Assert.Equal(expected, grpc.Metadata.ContainsKey("ttlExpireTime"));
        if (expected)
        {
            var header = http.Headers.GetValues("Metadata.ttlexpiretime").Single();
            Assert.InRange(DateTimeOffset.Parse(header, CultureInfo.InvariantCulture), before, after);
            Assert.Equal(header, grpc.Metadata["ttlExpireTime"]);
        }
    }

    /// <summary>
    /// pkg/actors/state/state.go: an actor transaction over the store's MultiMaxSize (contrib: maxTxnOps, default 128) is
    /// refused up front. Below that, etcd itself counts contrib's nested per-operation txns against its --max-txn-ops
    /// (128): 127 operations commit, 128 pass daprd's check and fail in etcd.
    /// </summary>
    [Fact]
    public async Task Actor_transactions_meet_daprds_maxTxnOps_check_and_etcds_own_limit_on_nested_txns()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorStore("v1"));
        var host = await harness.AddHostAsync("host");
        var id = ActorTestHosts.NewId();
        Assert.Equal(1, await host.Proxy(id).Increment());
        var state = $"/v1.0/actors/{ActorTestHosts.ActorType}/{id}/state";
        async Task<(HttpStatusCode Status, string Body)> TransactAsync(int first, int count)
        {
            var ops = Enumerable.Range(first, count).Select(i => new { operation = "upsert", request = new { key = $"k{i}", value = i } }).ToArray();
            using var response = await host.SidecarHttp.PostAsJsonAsync(new Uri(state, UriKind.Relative), ops);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await TransactAsync(0, 127)).Status);

        var (etcdStatus, etcdBody) = await TransactAsync(1000, 128);
        Assert.Equal(HttpStatusCode.InternalServerError, etcdStatus);
        Assert.Contains("etcdserver: too many operations in txn request", etcdBody, StringComparison.Ordinal);

        var (daprdStatus, daprdBody) = await TransactAsync(2000, 129);
        Assert.Equal(HttpStatusCode.InternalServerError, daprdStatus);
        var body = JsonSerializer.Deserialize<JsonElement>(daprdBody);
        Assert.Equal("ERR_ACTOR_STATE_TRANSACTION_SAVE", body.GetProperty("errorCode").GetString());
        Assert.Equal("error saving actor transaction state: the transaction contains more operations than supported by the state store", body.GetProperty("message").GetString());

        foreach (var notWritten in new[] { "k1000", "k2000" })
        {
            using var read = await host.SidecarHttp.GetAsync(new Uri($"{state}/{notWritten}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }
    }

    /// <summary>
    /// Saves "count" = 1 in one emulator, then starts a second emulator on the same etcd and a host with the default
    /// idle timeout, so the next calls run in one fresh activation over existing state.
    /// </summary>
    private static async Task<(TestApp Host, string Id, IAsyncDisposable Harness)> ActivateOverExistingStateAsync(string store)
    {
        var id = ActorTestHosts.NewId();
        await using (var first = await EmulatorHarness.StartAsync(store))
        {
            var firstHost = await first.AddHostAsync("host");
            Assert.Equal(1, await firstHost.Proxy(id).Increment());
        }

        var second = await EmulatorHarness.StartAsync(store);
        return (await second.AddHostAsync("host"), id, second);
    }

    [Fact]
    public Task State_saved_through_the_state_manager_survives_idle_deactivation() =>
        ActorTestHosts.AssertStateSurvivesIdleDeactivationAsync(ActorStore(), Wait);

    [Fact]
    public async Task Reminder_and_state_outlive_the_emulator_and_fire_in_a_new_one_on_the_same_etcd_and_scheduler()
    {
        var store = ActorStore();
        var id = ActorTestHosts.NewId();

        // The Scheduler keeps reminders (SchedulerReminderStore) and outlives the sidecars, as etcd keeps the state:
        // both emulators use one working directory for its jobs.
        var scheduler = Directory.CreateTempSubdirectory("daprsupport-scheduler-").FullName;
        try
        {
            await using (var first = await EmulatorHarness.StartAsync(o => o.WorkingDirectory = scheduler, store))
            {
                await first.AddHostAsync("host");
                var caller = await first.AddClientAsync("caller");
                Assert.Equal(1, await caller.Proxy(id).Increment());
                await caller.Proxy(id).StartReminder("restart", 2_500, 0);
            }

            // The first emulator is gone before the reminder was due; a new one loads and fires it.
            Assert.False(ActorSignals.For(id).Reminders.Reader.TryRead(out _));
            await using var second = await EmulatorHarness.StartAsync(o => o.WorkingDirectory = scheduler, store);
            await second.AddHostAsync("host");

            var fired = await ActorSignals.For(id).Reminders.Reader.ReadAsync().AsTask().WaitAsync(Wait);
            Assert.Equal(("restart", "data-restart", 2), fired);

            var caller2 = await second.AddClientAsync("caller");
            Assert.Equal(2, await caller2.Proxy(id).Increment());
        }
        finally
        {
            Directory.Delete(scheduler, recursive: true);
        }
    }
}
