using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.History;

namespace DaprSupport.System.Tests;

/// <summary>The three services running unchanged under the emulator from the real dapr.yaml.</summary>
[Collection(SystemCollection.Name)]
public sealed class WholeSystemTests(SystemFixture system)
{
    [Fact]
    public async Task The_gateway_reaches_the_sessions_api_through_service_invocation()
    {
        using var client = system.Run.InvokeClient(AppIds.Gateway, AppIds.Sessions);

        using var response = await client.GetAsync(new Uri("/v1/tenants/demo/queues", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>components/config.yaml: default deny; the gateway may invoke only the sessions API under /v1/tenants/.</summary>
    [Theory]
    [InlineData(AppIds.Gateway, AppIds.Agents, "/health")]
    [InlineData(AppIds.Gateway, AppIds.Sessions, "/health")]
    [InlineData(AppIds.Sessions, AppIds.Gateway, "/v1/tenants/demo/queues")]
    [InlineData(AppIds.Agents, AppIds.Sessions, "/v1/tenants/demo/queues")]
    [InlineData(AppIds.Agents, AppIds.Gateway, "/events/timeline")]
    public async Task Access_control_refuses_every_other_invocation(string caller, string target, string path)
    {
        using var client = system.Run.InvokeClient(caller, target);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("access control policy has denied access", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppIds.Gateway)]
    [InlineData(AppIds.Sessions)]
    [InlineData(AppIds.Agents)]
    public async Task Every_app_refuses_callers_without_the_app_token_and_its_sidecar_refuses_callers_without_the_api_token(string appId)
    {
        var sidecar = system.Run.Sidecar(appId);
        using var anonymous = new HttpClient();

        using var app = await anonymous.PostAsync(new Uri($"http://127.0.0.1:{sidecar.Options.AppPort}/dapr/subscribe"), null);
        using var health = await anonymous.GetAsync(new Uri($"http://127.0.0.1:{sidecar.Options.AppPort}/health"));
        using var api = await anonymous.GetAsync(new Uri($"{sidecar.AppEnvironment["DAPR_HTTP_ENDPOINT"]}/v1.0/metadata"));

        Assert.Equal(HttpStatusCode.Unauthorized, app.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Agent_actor_keeps_presence_across_calls()
    {
        var agent = system.Run.ActorsFor(AppIds.Gateway).CreateActorProxy<IAgentActor>(ActorIds.Agent("demo", "alice-" + Guid.NewGuid().ToString("N")), ActorTypes.Agent);

        var set = await agent.SetPresenceAsync(new PresenceUpdate(AgentPresence.Online, ["billing", "billing"], 3));
        var read = await agent.GetSnapshotAsync();

        Assert.Equal(AgentPresence.Online, set.Presence);
        Assert.Equal(read, set with { Skills = read.Skills, Sessions = read.Sessions });
        Assert.Equal(["billing"], read.Skills);
        Assert.Equal(3, read.Capacity);
    }

    [Fact]
    public async Task A_started_session_is_durable_in_history_before_the_call_returns()
    {
        using var sessions = system.Run.InvokeClient(AppIds.Gateway, AppIds.Sessions);
        using var store = system.Run.ClientFor(AppIds.Sessions);

        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        using var created = await sessions.PostAsJsonAsync(new Uri($"/v1/tenants/{tenant}/sessions", UriKind.Relative),
            new CreateSessionRequest("v-" + Guid.NewGuid().ToString("N"), "Vera", "billing", 0, "c1", "hello"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<SessionSnapshot>();

        // Read straight from the history store through the sessions sidecar, past the sessions API.
        var read = new List<TimelineItem>();
        for (var seq = 1L; seq <= session!.LastSeq; seq++)
        {
            read.Add(await store.GetStateAsync<TimelineItem>(Components.HistoryStore, HistoryKeys.Item(tenant, session.SessionId, seq)));
        }

        Assert.Equal([1L, 2L], read.Select(i => i.Seq));
        Assert.Equal("hello", read[0].Text);
        Assert.Equal(TimelineEvents.Queued, read[1].Event);
    }
}
