using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.System.Tests;

/// <summary>The five services running unchanged under the emulator from the real dapr.yaml.</summary>
[Collection(SystemCollection.Name)]
public sealed class WholeSystemTests(SystemFixture system)
{
    [Theory]
    [InlineData(AppIds.Gateway)]
    [InlineData(AppIds.Auth)]
    [InlineData(AppIds.Sessions)]
    [InlineData(AppIds.Agents)]
    [InlineData(AppIds.Messages)]
    public async Task Every_app_is_reachable_through_service_invocation(string appId)
    {
        using var client = system.Run.InvokeClient(AppIds.Gateway, appId);

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
        using var messages = system.Run.InvokeClient(AppIds.Gateway, AppIds.Messages);

        var tenant = "t-" + Guid.NewGuid().ToString("N")[..12];
        using var created = await sessions.PostAsJsonAsync(new Uri($"/v1/tenants/{tenant}/sessions", UriKind.Relative),
            new CreateSessionRequest("v-" + Guid.NewGuid().ToString("N"), "Vera", "billing", 0, "c1", "hello"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<SessionSnapshot>();

        var read = await messages.GetFromJsonAsync<IReadOnlyList<TimelineItem>>(
            new Uri($"/internal/history/{tenant}/{session!.SessionId}?afterSeq=0&upToSeq={session.LastSeq}", UriKind.Relative));

        Assert.NotNull(read);
        Assert.Equal([1L, 2L], read.Select(i => i.Seq));
        Assert.Equal("hello", read[0].Text);
        Assert.Equal(TimelineEvents.Queued, read[1].Event);
    }
}
