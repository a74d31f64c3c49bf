using System.Collections.Concurrent;
using System.Net;
using DaprSupport.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DaprSupport.Emulator.Tests.Actors;

/// <summary>
/// Percent-encoded actor ids, as the JavaScript SDK sends them (<c>demo%3Aada</c>): daprd routes on the escaped path
/// (pkg/api/http/middlewares.go <c>CleanPathMiddleware</c>) and chi does not decode path parameters, so the id is the
/// encoded text — another actor than <c>demo:ada</c> — and is passed on to the app as it came
/// (pkg/actors/targets/app/app.go).
/// </summary>
public sealed class ActorIdEncodingTests
{
    [Fact]
    public async Task An_encoded_id_is_not_decoded_so_it_is_another_actor_and_reaches_the_app_as_sent()
    {
        await using var harness = await EmulatorHarness.StartAsync(ActorTestHosts.ActorStore);
        var received = new ConcurrentQueue<string>();
        await harness.AddAppAsync("rawhost", web =>
        {
            web.MapGet("/dapr/config", () => Results.Json(new { entities = new[] { "Raw" } }));
            web.MapPut("/actors/Raw/{id}/method/{method}", (string id, HttpContext context) =>
            {
                received.Enqueue(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
                return Results.Text(id);
            });
        });
        var caller = await harness.AddClientAsync("caller");

        foreach (var id in new[] { "demo:ada", "demo%3Aada", "demo%3aada", "demo%2Fada" })
        {
            using var response = await caller.SidecarHttp.PutAsync(new Uri($"/v1.0/actors/Raw/{id}/method/who", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Four actors to the sidecar (placement, turns, state keys), each forwarded with its id unchanged.
        Assert.Equal([("Raw", 4)], harness.Host.Actors.ActiveActorsOf(harness.Host.FindSidecar("rawhost")!));
        Assert.Equal(
            ["/actors/Raw/demo:ada/method/who", "/actors/Raw/demo%3Aada/method/who", "/actors/Raw/demo%3aada/method/who", "/actors/Raw/demo%2Fada/method/who"],
            received);
    }
}
