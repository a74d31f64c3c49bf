using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DaprSupport.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// What a reminder registration may say in daprd 1.17 beyond its times (docs/emulator-fidelity.md, "Reminder options"):
/// <c>overwrite</c> (HTTP and gRPC) and a failure policy (gRPC only: daprd's HTTP decoder cannot fill the protobuf's
/// oneof), the periods the Scheduler takes, and the body <c>GET</c> answers from the Scheduler's job.
/// </summary>
public sealed class ActorReminderOptionsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Overwrite_false_keeps_the_reminder_that_exists_and_is_answered_409_over_http()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var reminder = Url($"/v1.0/actors/{ActorTestHosts.ActorType}/{ActorTestHosts.NewId()}/reminders/once");

        using (var first = await host.SidecarHttp.PostAsync(reminder, JsonContent.Create(new { dueTime = "1h", data = "first" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var refused = await host.SidecarHttp.PostAsync(reminder, JsonContent.Create(new { dueTime = "2h", data = "second", overwrite = false })))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var error = await JsonOf(refused);
            Assert.Equal("ERR_ACTOR_REMINDER_ALREADY_EXISTS", error.GetProperty("errorCode").GetString());
            Assert.Equal("actor reminder already exists: once", error.GetProperty("message").GetString());
        }

        using (var kept = await host.SidecarHttp.GetAsync(reminder))
        {
            var json = await JsonOf(kept);
            Assert.Equal(("first", "1h"), (json.GetProperty("data").GetString(), json.GetProperty("dueTime").GetString()));
        }

        // Go's decoder matches names case-insensitively; true (or no overwrite at all) replaces.
        using (var replaced = await host.SidecarHttp.PutAsync(reminder, new StringContent(
                   """{"dueTime":"3h","data":"third","Overwrite":true}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        }

        using var read = await host.SidecarHttp.GetAsync(reminder);
        Assert.Equal("third", (await JsonOf(read)).GetProperty("data").GetString());
    }

    [Fact]
    public async Task Overwrite_false_over_grpc_is_already_exists_and_a_new_name_is_created()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        using var channel = host.OpenGrpcChannel();
        var grpc = new Autogen.Dapr.DaprClient(channel);
        var id = ActorTestHosts.NewId();
        Autogen.RegisterActorReminderRequest Request(string name, bool? overwrite)
        {
            var request = new Autogen.RegisterActorReminderRequest { ActorType = ActorTestHosts.ActorType, ActorId = id, Name = name, DueTime = "1h" };
            if (overwrite is { } value)
            {
                request.Overwrite = value;
            }

            return request;
        }

        await grpc.RegisterActorReminderAsync(Request("a", overwrite: false));
        await grpc.RegisterActorReminderAsync(Request("a", overwrite: null));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await grpc.RegisterActorReminderAsync(Request("a", overwrite: false)));
        await grpc.RegisterActorReminderAsync(Request("b", overwrite: false));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("actor reminder already exists: a", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_policy_over_http_is_malformed_and_a_policy_less_object_leaves_the_default_retries()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var calls = Channel.CreateUnbounded<DateTimeOffset>();
        var host = await harness.AddRawHostAsync(async () =>
        {
            await calls.Writer.WriteAsync(DateTimeOffset.UtcNow);
            return Results.Text("boom", statusCode: 500);
        });

        foreach (var body in new[]
                 {
                     """{"dueTime":"0s","failure_policy":{"policy":{"drop":{}}}}""",
                     """{"dueTime":"0s","failure_policy":{"Policy":{"constant":{"interval":"1s"}}}}""",
                     """{"dueTime":"0s","failure_policy":"drop"}""",
                 })
        {
            using var refused = await host.SidecarHttp.PostAsync(Url("/v1.0/actors/Raw/r1/reminders/p"), new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("ERR_MALFORMED_REQUEST", (await JsonOf(refused)).GetProperty("errorCode").GetString());
        }

        var registered = DateTimeOffset.UtcNow;
        using var created = await host.SidecarHttp.PostAsync(Url("/v1.0/actors/Raw/r1/reminders/p"),
            new StringContent("""{"dueTime":"0s","failure_policy":{"drop":{}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        // "drop" is no member the decoder sees: the job has the default policy, so the failed tick comes again 1 s
        // after it was due.
        await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var second = await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.True(second - registered >= TimeSpan.FromSeconds(1), $"retried {second - registered} after the registration");
    }

    [Fact]
    public async Task A_grpc_failure_policy_drops_the_tick_or_retries_at_its_interval_up_to_its_limit()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var calls = Channel.CreateUnbounded<(string Name, DateTimeOffset At)>();
        var host = await harness.AddRawHostAsync(async (string id, string name) =>
        {
            await calls.Writer.WriteAsync((name, DateTimeOffset.UtcNow));
            return Results.Text("boom", statusCode: 500);
        });
        using var channel = host.OpenGrpcChannel();
        var grpc = new Autogen.Dapr.DaprClient(channel);
        Task Register(string name, Autogen.JobFailurePolicy policy) => grpc.RegisterActorReminderAsync(new Autogen.RegisterActorReminderRequest
        {
            ActorType = "Raw", ActorId = "r-" + name, Name = name, DueTime = "0s", FailurePolicy = policy,
        }).ResponseAsync;

        var registered = DateTimeOffset.UtcNow;
        await Register("dropped", new Autogen.JobFailurePolicy { Drop = new Autogen.JobFailurePolicyDrop() });
        await Register("twice", new Autogen.JobFailurePolicy
        {
            Constant = new Autogen.JobFailurePolicyConstant { Interval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300)), MaxRetries = 1 },
        });
        await Register("endless", new Autogen.JobFailurePolicy
        {
            Constant = new Autogen.JobFailurePolicyConstant { Interval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(100)) },
        });

        var seen = new List<(string Name, DateTimeOffset At)>();
        while (seen.Count(c => c.Name == "endless") < 8)
        {
            seen.Add(await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }

        using (var removed = await host.SidecarHttp.DeleteAsync(Url("/v1.0/actors/Raw/r-endless/reminders/endless")))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        // What else comes within a second: at most one more try of the deleted reminder (one may have been in flight).
        while (calls.Reader.TryRead(out var early))
        {
            seen.Add(early);
        }

        var atDelete = seen.Count(c => c.Name == "endless");
        await Task.Delay(TimeSpan.FromSeconds(1));
        while (calls.Reader.TryRead(out var late))
        {
            seen.Add(late);
        }

        var twice = seen.Where(c => c.Name == "twice").Select(c => c.At).ToList();
        Assert.Single(seen, c => c.Name == "dropped");
        Assert.Equal(2, twice.Count);
        Assert.True(twice[1] - registered >= TimeSpan.FromMilliseconds(300), $"retried {twice[1] - registered} after the registration");
        Assert.InRange(seen.Count(c => c.Name == "endless"), atDelete, atDelete + 1);
    }

    [Fact]
    public async Task Get_answers_the_schedulers_job_and_404_for_a_reminder_that_is_not_there()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");
        var actor = $"/v1.0/actors/{ActorTestHosts.ActorType}/{ActorTestHosts.NewId()}/reminders/";

        using (var created = await host.SidecarHttp.PostAsync(Url(actor + "full"),
                   JsonContent.Create(new { dueTime = "5m", period = "R3/PT90S", ttl = "2030-01-01T00:00:00Z", data = new { a = 1 } })))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }

        using (var created = await host.SidecarHttp.PostAsync(Url(actor + "hourly"), JsonContent.Create(new { period = "1h", ttl = "2h" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }

        using var full = await host.SidecarHttp.GetAsync(Url(actor + "full"));
        using var hourly = await host.SidecarHttp.GetAsync(Url(actor + "hourly"));
        using var missing = await host.SidecarHttp.GetAsync(Url(actor + "none"));

        var fullJson = await JsonOf(full);
        Assert.Equal(["actorID", "actorType", "data", "dueTime", "period", "ttl"], fullJson.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, fullJson.GetProperty("data").GetProperty("a").GetInt32());
        Assert.Equal(("5m", "@every 1m30s", "2030-01-01T00:00:00Z"),
            (fullJson.GetProperty("dueTime").GetString(), fullJson.GetProperty("period").GetString(), fullJson.GetProperty("ttl").GetString()));
        var hourlyJson = await JsonOf(hourly);
        Assert.Equal(["actorID", "actorType", "period"], hourlyJson.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("@every 1h0m0s", hourlyJson.GetProperty("period").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = await JsonOf(missing);
        Assert.Equal(("ERR_ACTOR_REMINDER_NOT_FOUND", "actor reminder not found: none"),
            (error.GetProperty("errorCode").GetString(), error.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("P1D", false)]
    [InlineData("R2/P1W", false)]
    [InlineData("P1MT1H", false)]
    [InlineData("PT0.5S", false)]
    [InlineData("R3/10s", false)]
    [InlineData("PT36H", true)]
    [InlineData("R2/PT1M", true)]
    [InlineData("24h", true)]
    [InlineData("0h0m1s500ms", true)]
    public async Task The_scheduler_takes_periods_of_hours_minutes_and_whole_seconds_only(string period, bool taken)
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var host = await harness.AddHostAsync("host");

        using var created = await host.SidecarHttp.PostAsync(Url($"/v1.0/actors/{ActorTestHosts.ActorType}/{ActorTestHosts.NewId()}/reminders/p"),
            JsonContent.Create(new { dueTime = "1h", period }));

        Assert.Equal(taken ? HttpStatusCode.NoContent : HttpStatusCode.InternalServerError, created.StatusCode);
        if (!taken)
        {
            var error = await JsonOf(created);
            Assert.Equal("ERR_ACTOR_REMINDER_CREATE", error.GetProperty("errorCode").GetString());
            Assert.Contains(period, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
