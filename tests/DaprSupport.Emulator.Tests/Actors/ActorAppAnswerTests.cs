using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Actors;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// What the actor API answers when the app answers an actor method with anything but 200 (daprd's
/// pkg/actors/targets/app/app.go): not the app's answer relayed, but 500 ERR_ACTOR_INVOKE_METHOD naming it.
/// </summary>
public sealed class ActorAppAnswerTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task A_non_200_answer_is_500_error_from_actor_service_and_404_is_actor_method_not_found()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddAppAsync("rawhost", web =>
        {
            web.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "Raw" } }));
            web.MapPut("/actors/Raw/{id}/method/{method}", (string method) => method switch
            {
                "missing" => Results.NotFound(),
                "created" => Results.Text("made", statusCode: 201),
                _ => Results.Text("boom", statusCode: 503),
            });
        });
        var caller = await harness.AddClientAsync("caller");

        foreach (var (method, message) in new[]
        {
            ("missing", "error invoke actor method: actor method not found: missing"),
            ("created", "error invoke actor method: error from actor service: (201) made"),
            ("fails", "error invoke actor method: error from actor service: (503) boom"),
        })
        {
            using var response = await caller.SidecarHttp.PutAsync(Url($"/v1.0/actors/Raw/a/method/{method}"), null);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ERR_ACTOR_INVOKE_METHOD", error.GetProperty("errorCode").GetString());
            Assert.Equal(message, error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_method_that_throws_without_remoting_fails_the_callers_call_and_with_remoting_carries_the_exception()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        await harness.AddHostAsync("host");
        var caller = await harness.AddClientAsync("caller");
        var id = ActorTestHosts.NewId();

        // Without remoting the SDK's endpoint lets the exception through: ASP.NET answers 500, daprd wraps it.
        var plain = caller.ActorProxies.Create(new ActorId(id), ActorTestHosts.ActorType);
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => plain.InvokeMethodAsync("Fail", "no"));
        Assert.Contains("error from actor service: (500)", failed.Message, StringComparison.Ordinal);

        // With remoting the SDK answers 200 with X-DaprErrorResponseHeader, which daprd relays as is.
        var remoted = await Assert.ThrowsAnyAsync<Exception>(() => caller.Proxy(id).Fail("no"));
        Assert.Contains("no", remoted.ToString(), StringComparison.Ordinal);
        Assert.Equal("through", await plain.InvokeMethodAsync<string, string>("Echo", "through"));
    }
}
