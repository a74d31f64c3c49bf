using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
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
        using var client = system.InvokeClient(AppIds.Gateway, appId);

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Agent_actor_keeps_presence_across_calls()
    {
        var agent = system.ActorsFor(AppIds.Gateway).CreateActorProxy<IAgentActor>(ActorIds.Agent("demo", "alice-" + Guid.NewGuid().ToString("N")), ActorTypes.Agent);

        var set = await agent.SetPresenceAsync(new PresenceUpdate(AgentPresence.Online, ["billing", "billing"], 3));
        var read = await agent.GetSnapshotAsync();

        Assert.Equal(AgentPresence.Online, set.Presence);
        Assert.Equal(read, set with { Skills = read.Skills, Sessions = read.Sessions });
        Assert.Equal(["billing"], read.Skills);
        Assert.Equal(3, read.Capacity);
    }

    [Fact]
    public async Task A_published_timeline_item_lands_in_history_and_reads_back_through_messages()
    {
        var sessionId = "s-" + Guid.NewGuid().ToString("N");
        var item = new TimelineItem("demo", sessionId, 1, TimelineItemKind.Text, null, new Participant("visitor", "v1", "Vera"), "hello", DateTimeOffset.UtcNow, "c1");
        using var sessions = system.ClientFor(AppIds.Sessions);
        using var messages = system.InvokeClient(AppIds.Gateway, AppIds.Messages);

        await sessions.PublishEventAsync(Components.PubSub, Topics.Timeline, item,
            new Dictionary<string, string> { [Topics.PartitionKeyMetadata] = sessionId });

        // Delivery is asynchronous and nothing outside the services signals it: poll the read API with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<TimelineItem> read = [];
        while (read.Count == 0 && DateTime.UtcNow < deadline)
        {
            read = await messages.GetFromJsonAsync<IReadOnlyList<TimelineItem>>(new Uri($"/internal/history/demo/{sessionId}?afterSeq=0&upToSeq=1", UriKind.Relative)) ?? [];
            if (read.Count == 0)
            {
                await Task.Delay(100);
            }
        }

        var stored = Assert.Single(read);
        Assert.Equal("hello", stored.Text);
        Assert.Equal(1, stored.Seq);
    }
}
