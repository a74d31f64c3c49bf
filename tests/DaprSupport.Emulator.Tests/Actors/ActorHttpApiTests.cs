using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprSupport.Testing;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>Wire-level checks of reference/api/actors_api: routes, status codes, headers and error bodies.</summary>
public sealed class ActorHttpApiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<string> ErrorCodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString()!;

    [Fact]
    public async Task Raw_post_invokes_the_method_without_remoting_and_returns_its_json()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        using var content = new StringContent("\"hi\"", Encoding.UTF8, "application/json");
        using var response = await caller.SidecarHttp.PostAsync(Url($"/v1.0/actors/TestActor/{ActorTestHosts.NewId()}/method/Echo"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"hi\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_actor_type_is_500_ERR_ACTOR_INVOKE_METHOD()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var caller = await harness.AddClientAsync("caller");

        using var response = await caller.SidecarHttp.PutAsync(Url("/v1.0/actors/Nobody/1/method/Do"), null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", await ErrorCodeOf(response));
    }

    [Fact]
    public async Task State_reads_are_per_app_id_and_transactions_only_through_the_hosting_sidecar()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();
        Assert.Equal(1, await caller.Proxy(id).Increment());

        // The SDK saved "count" through the host's sidecar; it is readable there as JSON.
        using var saved = await host.SidecarHttp.GetAsync(Url($"/v1.0/actors/TestActor/{id}/state/count"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("1", await saved.Content.ReadAsStringAsync());
        Assert.Equal("application/json", saved.Content.Headers.ContentType?.MediaType);

        using var missing = await host.SidecarHttp.GetAsync(Url($"/v1.0/actors/TestActor/{id}/state/nothing"));
        Assert.Equal(HttpStatusCode.NoContent, missing.StatusCode);

        // daprd 1.17's state.Get checks no placement: another app's sidecar reads its own app id's (empty) namespace.
        using var elsewhere = await caller.SidecarHttp.GetAsync(Url($"/v1.0/actors/TestActor/{id}/state/count"));
        Assert.Equal(HttpStatusCode.NoContent, elsewhere.StatusCode);

        // A transaction needs the actor active behind the sidecar (table.ActorExists).
        using var write = await caller.SidecarHttp.PostAsync(Url($"/v1.0/actors/TestActor/{id}/state"), JsonContent.Create(
            new object[] { new { operation = "upsert", request = new { key = "count", value = 5 } } }));
        Assert.Equal(HttpStatusCode.BadRequest, write.StatusCode);
        Assert.Equal("ERR_ACTOR_INSTANCE_MISSING", await ErrorCodeOf(write));
    }

    [Fact]
    public async Task State_transaction_upserts_and_deletes_with_ttl_metadata()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var id = ActorTestHosts.NewId();
        var state = $"/v1.0/actors/TestActor/{id}/state";
        Assert.Equal("up", await host.Proxy(id).Echo("up")); // a transaction needs the actor active here

        using var tx = await host.SidecarHttp.PostAsync(Url(state), JsonContent.Create(new object[]
        {
            new { operation = "upsert", request = new { key = "a", value = new { n = 1 } } },
            new { operation = "upsert", request = new { key = "b", value = "x", metadata = new { ttlInSeconds = "60" } } },
            new { operation = "delete", request = new { key = "c" } },
        }));
        Assert.Equal(HttpStatusCode.NoContent, tx.StatusCode);

        using var a = await host.SidecarHttp.GetAsync(Url($"{state}/a"));
        Assert.Equal("{\"n\":1}", await a.Content.ReadAsStringAsync());
        Assert.False(a.Headers.Contains("Metadata.ttlExpireTime"));
        using var b = await host.SidecarHttp.GetAsync(Url($"{state}/b"));
        Assert.Equal("\"x\"", await b.Content.ReadAsStringAsync());
        var expires = DateTimeOffset.Parse(b.Headers.GetValues("Metadata.ttlExpireTime").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(61));

        using var delete = await host.SidecarHttp.PutAsync(Url(state), JsonContent.Create(new object[] { new { operation = "delete", request = new { key = "a" } } }));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await host.SidecarHttp.GetAsync(Url($"{state}/a"));
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);

        using var malformed = await host.SidecarHttp.PostAsync(Url(state), new StringContent("{{", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("ERR_MALFORMED_REQUEST", await ErrorCodeOf(malformed));
    }

    [Fact]
    public async Task Actor_state_without_an_actor_state_store_is_ERR_ACTOR_RUNTIME_NOT_FOUND()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var host = await harness.AddHostAsync("host");

        using var response = await host.SidecarHttp.GetAsync(Url("/v1.0/actors/TestActor/1/state/k"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ERR_ACTOR_RUNTIME_NOT_FOUND", await ErrorCodeOf(response));
    }

    [Fact]
    public async Task Timers_need_an_active_actor_and_delete_is_always_204()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");

        using var create = await host.SidecarHttp.PostAsync(Url($"/v1.0/actors/TestActor/{ActorTestHosts.NewId()}/timers/t"),
            JsonContent.Create(new { callback = "OnTimer", dueTime = "1s" }));
        Assert.Equal(HttpStatusCode.InternalServerError, create.StatusCode);
        Assert.Equal("ERR_ACTOR_TIMER_CREATE", await ErrorCodeOf(create));

        using var delete = await host.SidecarHttp.DeleteAsync(Url("/v1.0/actors/TestActor/1/timers/none"));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Reminder_with_iso_repetitions_fires_n_times_then_is_gone()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var id = ActorTestHosts.NewId();
        var reminder = $"/v1.0/actors/TestActor/{id}/reminders/r3";
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("three"));

        using var create = await host.SidecarHttp.PostAsync(Url(reminder), JsonContent.Create(new { dueTime = "0h0m0s100ms", period = "R3/PT1S", data }));
        Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);

        // GET answers the Scheduler's job: its schedule, not the registered period.
        using var stored = await host.SidecarHttp.GetAsync(Url(reminder));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var json = await stored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("@every 1s", json.GetProperty("period").GetString());
        Assert.Equal(data, json.GetProperty("data").GetString());

        var reminders = ActorSignals.For(id).Reminders.Reader;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(("r3", "three"), (await reminders.ReadAsync().AsTask().WaitAsync(Wait)) is var (n, d, _) ? (n, d) : default);
        }

        // After the last repetition daprd deletes the reminder: poll until the store no longer has it.
        var status = await PollStatusAsync(host.SidecarHttp, Url(reminder), until: s => s != HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(reminders.TryRead(out _));
    }

    private static async Task<HttpStatusCode> PollStatusAsync(HttpClient http, Uri url, Func<HttpStatusCode, bool> until)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            using var response = await http.GetAsync(url);
            if (until(response.StatusCode) || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Reminders_are_only_for_hosted_types_and_malformed_periods_are_rejected()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");

        using var notHosted = await caller.SidecarHttp.PutAsync(Url("/v1.0/actors/TestActor/1/reminders/r"), JsonContent.Create(new { dueTime = "1s" }));
        Assert.Equal(HttpStatusCode.Forbidden, notHosted.StatusCode);
        Assert.Equal("ERR_ACTOR_REMINDER_NON_HOSTED", await ErrorCodeOf(notHosted));

        using var bad = await host.SidecarHttp.PutAsync(Url("/v1.0/actors/TestActor/1/reminders/r"), JsonContent.Create(new { dueTime = "soon" }));
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
        Assert.Equal("ERR_ACTOR_REMINDER_CREATE", await ErrorCodeOf(bad));

        using var delete = await host.SidecarHttp.DeleteAsync(Url("/v1.0/actors/TestActor/1/reminders/none"));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }
}
