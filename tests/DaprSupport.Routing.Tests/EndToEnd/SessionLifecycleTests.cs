using System.Net;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Session status machine through the Sessions HTTP API (issue 4, "Session"): queued → offered → assigned → resolved,
/// transfer to a skill or a named agent, reopen within the window; every other transition is a 409 with state unchanged.
/// Actors run on the emulator's actor API (Dapr reference/api/actors_api).
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SessionLifecycleTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Queued_offered_assigned_resolved_with_gap_free_timeline()
    {
        var t = RoutingApi.NewTenant("life");
        var created = await _api.CreateAsync(t, "v1", skill: "billing", text: "hello", clientMsgId: "m1");
        Assert.Equal(SessionStatus.Queued, created.Status);
        Assert.Equal("billing", created.Skill);

        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["billing"]);
        var offered = await _api.OfferedAsync(t, created.SessionId, "alice");
        Assert.NotNull(offered.OfferId);

        var assigned = await _api.AcceptOkAsync(t, created.SessionId, "alice");
        Assert.Equal((SessionStatus.Assigned, "alice"), (assigned.Status, assigned.AgentId));
        Assert.Contains(created.SessionId, (await _api.AgentAsync(t, "alice")).Sessions);

        using (var resolve = await _api.ResolveAsync(t, created.SessionId, "alice", Roles.Agent))
        {
            Assert.Equal(SessionStatus.Resolved, (await RoutingApi.ReadAsync<SessionSnapshot>(resolve, HttpStatusCode.OK)).Status);
        }

        Assert.Empty((await _api.AgentAsync(t, "alice")).Sessions);
        var timeline = await _api.TimelineAsync(t, created.SessionId);
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(i => i.Seq));
        Assert.Equal(TimelineItemKind.Text, timeline[0].Kind);
        Assert.Equal(
            [TimelineEvents.Queued, TimelineEvents.Offered, TimelineEvents.Assigned, TimelineEvents.Resolved],
            timeline.Where(i => i.Kind == TimelineItemKind.Event).Select(i => i.Event));
        Assert.Equal(timeline[^1].Seq, (await _api.SessionAsync(t, created.SessionId)).LastSeq);
    }
}
