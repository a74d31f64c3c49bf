using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// A reminder's trigger as daprd 1.17 and the Scheduler run it (docs/emulator-fidelity.md): a failed call is triggered
/// again by the Scheduler's default failure policy, and deleting a reminder from its own callback does not cut the
/// call short, so the actor's turn is held until the app answers.
/// </summary>
public sealed class ActorReminderFiringTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_reminder_whose_call_fails_is_triggered_again_each_second_after_its_tick_four_times_in_all()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var calls = Channel.CreateUnbounded<DateTimeOffset>();
        var host = await harness.AddRawHostAsync(async () =>
        {
            await calls.Writer.WriteAsync(DateTimeOffset.UtcNow);
            return Results.Text("boom", statusCode: 500);
        });

        var registered = DateTimeOffset.UtcNow;
        using var created = await host.SidecarHttp.PostAsync(Url("/v1.0/actors/Raw/r1/reminders/due"),
            JsonContent.Create(new { dueTime = "0s" }));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        var attempts = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            attempts.Add(await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }

        // go-etcd-cron moves a failed tick on by the interval from when it was due, not from when the call failed: the
        // k-th retry is due k seconds after the tick, however long each call took.
        for (var k = 1; k < attempts.Count; k++)
        {
            Assert.True(attempts[k] >= registered.AddSeconds(k), $"retry {k} came {attempts[k] - registered} after the registration");
            Assert.True(attempts[k] > attempts[k - 1], "the retries come in order");
        }

        Assert.True(attempts[3] - registered < TimeSpan.FromSeconds(5), $"the last retry came {attempts[3] - registered} after");

        // The fourth failure drops the trigger: nothing comes in twice the policy's interval (an absence: a bounded wait).
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(calls.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_trigger_sends_the_app_the_reminders_data_with_an_empty_due_time_and_period()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var bodies = Channel.CreateUnbounded<JsonElement>();
        var host = await harness.AddRawHostAsync(async (JsonElement body) =>
        {
            await bodies.Writer.WriteAsync(body);
            return Results.Ok();
        });

        using var created = await host.SidecarHttp.PostAsync(Url("/v1.0/actors/Raw/r3/reminders/every"),
            JsonContent.Create(new { dueTime = "0s", period = "1h", data = new { step = 3 } }));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);

        // daprd 1.17 builds the trigger from the Scheduler's job (name, actor, data): the registered times are not sent.
        var body = await bodies.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(3, body.GetProperty("data").GetProperty("step").GetInt32());
        Assert.Equal(string.Empty, body.GetProperty("dueTime").GetString());
        Assert.Equal(string.Empty, body.GetProperty("period").GetString());
    }

    [Fact]
    public async Task A_reminder_deleted_by_its_own_callback_keeps_the_actors_turn_until_the_app_answers()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var deleted = new TaskCompletionSource<HttpStatusCode>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TestApp? host = null;
        host = await harness.AddRawHostAsync(async (string id, string name) =>
        {
            // As the session actor does before it records a breach: the callback removes its own reminder.
            using var removed = await host!.SidecarHttp.DeleteAsync(Url($"/v1.0/actors/Raw/{id}/reminders/{name}"));
            deleted.TrySetResult(removed.StatusCode);
            await release.Task;
            return Results.Ok();
        }, web => web.MapPut("/actors/Raw/{id}/method/echo", () =>
        {
            entered.TrySetResult();
            return Results.Ok();
        }));
        var caller = await harness.AddClientAsync("caller");

        using var created = await host.SidecarHttp.PostAsync(Url("/v1.0/actors/Raw/r2/reminders/once"),
            JsonContent.Create(new { dueTime = "0s" }));
        Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, await deleted.Task.WaitAsync(Wait));

        // The turn is still the reminder's: a call to the actor waits for it (an absence: a bounded wait).
        var echo = caller.SidecarHttp.PutAsync(Url("/v1.0/actors/Raw/r2/method/echo"), null);
        var enteredEarly = await Task.WhenAny(entered.Task, Task.Delay(TimeSpan.FromSeconds(1))) == entered.Task;
        release.SetResult();
        using var answer = await echo.WaitAsync(Wait);

        Assert.False(enteredEarly);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
