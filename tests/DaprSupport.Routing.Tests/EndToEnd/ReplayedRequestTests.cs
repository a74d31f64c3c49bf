using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Dapr replays a service invocation after a timeout (dapr/dapr pkg/api/http/directmessaging.go, <c>WithReplay</c>)
/// while the first attempt may still complete. A state change carrying a request id the session has already applied
/// is answered with the session, with one effect, instead of a false 409.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class ReplayedRequestTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task A_replayed_resolve_gets_the_same_answer_and_resolves_once()
    {
        var (t, s) = await AssignedAsync("replay-resolve", "alice");
        var resolve = new ResolveRequest("alice", Roles.Agent, "rq-resolve-1");

        var first = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/resolve", resolve));
        var replay = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/resolve", resolve));
        using var fresh = await _api.PostAsync($"/v1/tenants/{t}/sessions/{s}/resolve", resolve with { RequestId = "rq-resolve-2" });

        Assert.Equal(SessionStatus.Resolved, first.Status);
        Assert.Equal((first.Status, first.Version, first.LastSeq), (replay.Status, replay.Version, replay.LastSeq));
        await RoutingApi.AssertProblemAsync(fresh, HttpStatusCode.Conflict, "conflict");
        Assert.Single(await EventsAsync(t, s, TimelineEvents.Resolved));
    }

    [Fact]
    public async Task A_replayed_transfer_gets_the_same_answer_and_releases_the_agent_once()
    {
        var (t, s) = await AssignedAsync("replay-xfer", "alice");
        var transfer = new TransferRequest("alice", Roles.Agent, null, "nobody-has-this", "rq-xfer-1");

        var first = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/transfer", transfer));
        var replay = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/transfer", transfer));

        Assert.Equal((SessionStatus.Queued, "nobody-has-this"), (first.Status, first.Skill));
        Assert.Equal((first.Status, first.Version, first.Skill), (replay.Status, replay.Version, replay.Skill));
        Assert.Single(await EventsAsync(t, s, TimelineEvents.Transferred));
        Assert.Empty((await _api.AgentAsync(t, "alice")).Sessions);
    }

    [Fact]
    public async Task A_replayed_reopen_gets_the_same_answer_and_reopens_once()
    {
        var (t, s) = await AssignedAsync("replay-reopen", "alice");
        await OkAsync(_api.ResolveAsync(t, s, "alice", Roles.Agent));
        await _api.PresenceAsync(t, "alice", AgentPresence.Offline); // nobody to offer the reopened session to
        var reopen = new ReopenRequest("sup", Roles.Supervisor, "rq-reopen-1");

        var first = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/reopen", reopen));
        var replay = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/reopen", reopen));

        Assert.NotEqual(SessionStatus.Resolved, first.Status);
        Assert.Equal(first.Version, replay.Version);
        Assert.Single(await EventsAsync(t, s, TimelineEvents.Reopened));
    }

    [Fact]
    public async Task A_replayed_accept_after_the_session_moved_on_is_not_a_false_conflict()
    {
        var t = RoutingApi.NewTenant("replay-accept");
        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["general"]);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.OfferedAsync(t, s, "alice");
        var accept = new AcceptRequest("alice", "rq-accept-1");
        await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/accept", accept));
        await OkAsync(_api.ResolveAsync(t, s, "alice", Roles.Agent));

        var replay = await OkAsync(_api.PostAsync($"/v1/tenants/{t}/sessions/{s}/accept", accept));
        using var fresh = await _api.PostAsync($"/v1/tenants/{t}/sessions/{s}/accept", accept with { RequestId = "rq-accept-2" });

        Assert.Equal(SessionStatus.Resolved, replay.Status);
        await RoutingApi.AssertProblemAsync(fresh, HttpStatusCode.Conflict, "conflict");
        Assert.Single(await EventsAsync(t, s, TimelineEvents.Assigned));
    }

    [Fact]
    public async Task A_blank_session_id_is_not_found_not_a_500()
    {
        var t = RoutingApi.NewTenant("junk-ids");

        using var response = await _api.PostAsync($"/v1/tenants/{t}/sessions/%20/resolve", new ResolveRequest("sup", Roles.Supervisor));

        await RoutingApi.AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_blank_agent_id_is_a_400_not_a_500()
    {
        var t = RoutingApi.NewTenant("junk-ids");

        using var response = await _api.Http.PutAsJsonAsync($"/v1/tenants/{t}/agents/%20/presence", new PresenceUpdate(AgentPresence.Online, ["general"], null), RoutingApi.Json);

        await RoutingApi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task A_repeated_presence_is_a_heartbeat_with_no_new_version_and_a_changed_one_is_a_new_version()
    {
        var t = RoutingApi.NewTenant("presence-repeat");
        var first = await _api.PresenceAsync(t, "ada", AgentPresence.Online, ["general", "billing"]);

        // A retry or a reconnect: the same skills as stored (order, blanks and repeats aside), capacity unchanged.
        var again = await _api.PresenceAsync(t, "ada", AgentPresence.Online, [" billing", "general", "general", " "]);

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.Skills, again.Skills);
        Assert.True(again.PresenceExpiresAt >= first.PresenceExpiresAt, $"{again.PresenceExpiresAt} < {first.PresenceExpiresAt}");
        Assert.Equal(first.Version, (await _api.AgentAsync(t, "ada")).Version);

        var fewer = await _api.PresenceAsync(t, "ada", AgentPresence.Online, ["general"]);
        var larger = await _api.PresenceAsync(t, "ada", AgentPresence.Online, ["general"], capacity: first.Capacity + 1);
        var away = await _api.PresenceAsync(t, "ada", AgentPresence.Away, ["general"], capacity: first.Capacity + 1);

        Assert.Equal([first.Version + 1, first.Version + 2, first.Version + 3], [fewer.Version, larger.Version, away.Version]);
        Assert.Equal(away.Version, (await _api.QueuesAsync(t)).Agents.Single(a => a.AgentId == "ada").Version);
    }

    private async Task<(string Tenant, string Session)> AssignedAsync(string name, string agent)
    {
        var t = RoutingApi.NewTenant(name);
        await _api.PresenceAsync(t, agent, AgentPresence.Online, ["general"]);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.OfferedAsync(t, s, agent);
        await _api.AcceptOkAsync(t, s, agent);
        return (t, s);
    }

    private async Task<List<TimelineItem>> EventsAsync(string tenant, string session, string name) =>
        [.. (await _api.TimelineAsync(tenant, session)).Where(i => i.Kind == TimelineItemKind.Event && i.Event == name)];

    private static async Task<SessionSnapshot> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK);
    }
}
