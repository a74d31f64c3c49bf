using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task Transfer_to_skill_requeues_and_offers_to_a_skilled_agent()
    {
        var t = RoutingApi.NewTenant("xfer");
        var s = await AssignedToAliceAsync(t, "billing");
        await _api.PresenceAsync(t, "bob", AgentPresence.Online, ["sales"]);

        using var response = await _api.TransferAsync(t, s, new TransferRequest("alice", Roles.Agent, null, "sales"));
        var queued = await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK);
        Assert.Equal(("sales", (string?)null), (queued.Skill, queued.AgentId));
        Assert.Empty((await _api.AgentAsync(t, "alice")).Sessions);
        await _api.OfferedAsync(t, s, "bob");
        await _api.AcceptOkAsync(t, s, "bob");
        var events = (await _api.TimelineAsync(t, s)).Where(i => i.Kind == TimelineItemKind.Event).Select(i => i.Event).ToList();
        Assert.Equal([TimelineEvents.Queued, TimelineEvents.Offered, TimelineEvents.Assigned, TimelineEvents.Transferred, TimelineEvents.Offered, TimelineEvents.Assigned], events);
    }

    [Fact]
    public async Task Transfer_to_named_agent_is_offered_to_that_agent_only()
    {
        var t = RoutingApi.NewTenant("xfer-named");
        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["general"]);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.OfferedAsync(t, s, "alice");
        await _api.AcceptOkAsync(t, s, "alice");
        await _api.PresenceAsync(t, "idle", AgentPresence.Online, ["general"]);

        using (var response = await _api.TransferAsync(t, s, new TransferRequest("sup", Roles.Supervisor, "carol", null)))
        {
            Assert.Equal("carol", (await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK)).TargetAgentId);
        }

        var queues = await _api.QueuesAsync(t);
        Assert.Contains(queues.Waiting, w => w.SessionId == s);
        Assert.DoesNotContain(queues.Offers, o => o.SessionId == s);

        await _api.PresenceAsync(t, "carol", AgentPresence.Online, ["other"]);
        await _api.OfferedAsync(t, s, "carol");
        using var byIdle = await _api.AcceptAsync(t, s, "idle");
        await RoutingApi.AssertProblemAsync(byIdle, HttpStatusCode.Conflict, "conflict");
        Assert.Equal("carol", (await _api.AcceptOkAsync(t, s, "carol")).AgentId);
    }

    [Fact]
    public async Task A_named_transfer_the_agent_declines_is_offered_to_the_sessions_skill()
    {
        var t = RoutingApi.NewTenant("xfer-declined");
        var s = await AssignedToAliceAsync(t, "billing");
        await _api.PresenceAsync(t, "carol", AgentPresence.Online, ["other"]);
        (await _api.TransferAsync(t, s, new TransferRequest("sup", Roles.Supervisor, "carol", null))).Dispose();
        await _api.OfferedAsync(t, s, "carol");
        await _api.PresenceAsync(t, "bob", AgentPresence.Online, ["billing"]);

        using (var declined = await _api.DeclineAsync(t, s, "carol"))
        {
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        }

        await _api.OfferedAsync(t, s, "bob");
        Assert.Equal("bob", (await _api.AcceptOkAsync(t, s, "bob")).AgentId);
    }

    [Fact]
    public async Task Reopen_within_the_window_requeues()
    {
        var t = RoutingApi.NewTenant("reopen");
        var early = (await _api.CreateAsync(t, "v1")).SessionId;
        (await _api.ResolveAsync(t, early, "v1", Roles.Visitor)).Dispose();

        using (var reopened = await _api.ReopenAsync(t, early, "v1", Roles.Visitor))
        {
            Assert.Equal(SessionStatus.Queued, (await RoutingApi.ReadAsync<SessionSnapshot>(reopened, HttpStatusCode.OK)).Status);
        }

        Assert.Contains((await _api.QueuesAsync(t)).Waiting, w => w.SessionId == early);
        Assert.Equal(TimelineEvents.Reopened, (await _api.TimelineAsync(t, early))[^1].Event);
    }

    [Fact]
    public async Task Reopen_after_the_window_is_a_conflict_and_changes_nothing()
    {
        var t = RoutingSystemFixture.Tenants.Reopen;
        var late = (await _api.CreateAsync(t, "v2-" + Guid.NewGuid().ToString("N"))).SessionId;
        var visitor = (await _api.SessionAsync(t, late)).VisitorId!;
        (await _api.ResolveAsync(t, late, visitor, Roles.Visitor)).Dispose();

        // Only the passage of time matters here: nothing can be awaited instead.
        await Task.Delay(TimeSpan.FromSeconds(RoutingSystemFixture.ReopenWindowSeconds + 0.5));
        var before = await _api.SessionAsync(t, late);
        using var refused = await _api.ReopenAsync(t, late, visitor, Roles.Visitor);
        await RoutingApi.AssertProblemAsync(refused, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(before, await _api.SessionAsync(t, late));
    }

    [Fact]
    public async Task Invalid_transitions_are_409_and_change_nothing()
    {
        var t = RoutingApi.NewTenant("invalid");
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        var before = await _api.SessionAsync(t, s);
        var timelineBefore = (await _api.TimelineAsync(t, s)).Count;

        foreach (var attempt in new Func<Task<HttpResponseMessage>>[]
        {
            () => _api.AcceptAsync(t, s, "alice"),
            () => _api.TransferAsync(t, s, new TransferRequest("sup", Roles.Supervisor, null, "sales")),
            () => _api.ReopenAsync(t, s, "v1", Roles.Visitor),
        })
        {
            using var response = await attempt();
            await RoutingApi.AssertProblemAsync(response, HttpStatusCode.Conflict, "conflict");
        }

        Assert.Equal(before, await _api.SessionAsync(t, s));
        (await _api.ResolveAsync(t, s, "v1", Roles.Visitor)).Dispose();
        var resolved = await _api.SessionAsync(t, s);
        using (var again = await _api.ResolveAsync(t, s, "sup", Roles.Supervisor))
        {
            await RoutingApi.AssertProblemAsync(again, HttpStatusCode.Conflict, "conflict");
        }

        using (var text = await _api.AppendAsync(t, s, new AppendTextRequest("late-1", Roles.Visitor, "v1", null, "hi")))
        {
            await RoutingApi.AssertProblemAsync(text, HttpStatusCode.Conflict, "conflict");
        }

        Assert.Equal(resolved, await _api.SessionAsync(t, s));
        Assert.Equal(timelineBefore + 1, (await _api.TimelineAsync(t, s)).Count);
    }

    [Fact]
    public async Task Forbidden_callers_get_403()
    {
        var t = RoutingApi.NewTenant("forbid");
        await _api.PresenceAsync(t, "alice", AgentPresence.Online);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.OfferedAsync(t, s, "alice");
        await _api.AcceptOkAsync(t, s, "alice");

        foreach (var attempt in new Func<Task<HttpResponseMessage>>[]
        {
            () => _api.ResolveAsync(t, s, "mallory", Roles.Agent),
            () => _api.ResolveAsync(t, s, "v-other", Roles.Visitor),
            () => _api.TransferAsync(t, s, new TransferRequest("mallory", Roles.Agent, null, "sales")),
            () => _api.AppendAsync(t, s, new AppendTextRequest("c1", Roles.Visitor, "v-other", null, "hi")),
            () => _api.AppendAsync(t, s, new AppendTextRequest("c2", Roles.Agent, "mallory", null, "hi")),
        })
        {
            using var response = await attempt();
            await RoutingApi.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(SessionStatus.Assigned, (await _api.SessionAsync(t, s)).Status);
    }

    [Fact]
    public async Task Unknown_sessions_are_404()
    {
        var t = RoutingApi.NewTenant("unknown");
        foreach (var attempt in new Func<Task<HttpResponseMessage>>[]
        {
            () => _api.Http.GetAsync(new Uri($"/v1/tenants/{t}/sessions/nope", UriKind.Relative)),
            () => _api.Http.GetAsync(new Uri($"/v1/tenants/{t}/sessions/nope/timeline", UriKind.Relative)),
            () => _api.AcceptAsync(t, "nope", "alice"),
            () => _api.ResolveAsync(t, "nope", "sup", Roles.Supervisor),
            () => _api.TransferAsync(t, "nope", new TransferRequest("sup", Roles.Supervisor, null, "x")),
            () => _api.ReopenAsync(t, "nope", "sup", Roles.Supervisor),
            () => _api.AppendAsync(t, "nope", new AppendTextRequest("c", Roles.Visitor, "v", null, "hi")),
        })
        {
            using var response = await attempt();
            await RoutingApi.AssertProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task A_timeline_read_with_upToSeq_stops_there_without_asking_the_session()
    {
        var t = RoutingApi.NewTenant("upto");
        var s = (await _api.CreateAsync(t, "v1", text: "hello")).SessionId;
        var all = await _api.TimelineAsync(t, s);
        Assert.True(all.Count >= 2);

        var bounded = await _api.GetAsync<List<TimelineItem>>($"/v1/tenants/{t}/sessions/{s}/timeline?afterSeq=0&upToSeq=1");
        Assert.Equal([1L], bounded.Select(i => i.Seq));

        // Another tenant's path reaches none of its items: history keys carry the tenant.
        var other = RoutingApi.NewTenant("upto-other");
        Assert.Empty(await _api.GetAsync<List<TimelineItem>>($"/v1/tenants/{other}/sessions/{s}/timeline?afterSeq=0&upToSeq=2"));

        // The caller vouches for the session: one that does not exist reads as empty (without it: 404).
        var unknown = "s-" + new string('0', 32);
        Assert.Empty(await _api.GetAsync<List<TimelineItem>>($"/v1/tenants/{t}/sessions/{unknown}/timeline?afterSeq=0&upToSeq=5"));
        using (var plain = await _api.Http.GetAsync(new Uri($"/v1/tenants/{t}/sessions/{unknown}/timeline?afterSeq=0", UriKind.Relative)))
        {
            await RoutingApi.AssertProblemAsync(plain, HttpStatusCode.NotFound, "not_found");
        }

        using var negative = await _api.Http.GetAsync(new Uri($"/v1/tenants/{t}/sessions/{s}/timeline?afterSeq=0&upToSeq=-1", UriKind.Relative));
        await RoutingApi.AssertProblemAsync(negative, HttpStatusCode.BadRequest, "invalid_argument");
    }

    [Fact]
    public async Task Bad_input_is_400_never_500()
    {
        var t = RoutingApi.NewTenant("bad");
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        using (var noVisitor = await _api.PostAsync($"/v1/tenants/{t}/sessions/", new CreateSessionRequest("", null, null, 0, null, null)))
        {
            await RoutingApi.AssertProblemAsync(noVisitor, HttpStatusCode.BadRequest, "invalid_argument");
        }

        using (var bothTargets = await _api.TransferAsync(t, s, new TransferRequest("sup", Roles.Supervisor, "a", "b")))
        {
            // Status check comes first: a queued session cannot be transferred at all.
            Assert.Equal(HttpStatusCode.Conflict, bothTargets.StatusCode);
        }

        using (var negative = await _api.Http.GetAsync(new Uri($"/v1/tenants/{t}/sessions/{s}/timeline?afterSeq=-1", UriKind.Relative)))
        {
            await RoutingApi.AssertProblemAsync(negative, HttpStatusCode.BadRequest, "invalid_argument");
        }

        using (var emptyText = await _api.AppendAsync(t, s, new AppendTextRequest("c", Roles.Visitor, "v1", null, "")))
        {
            await RoutingApi.AssertProblemAsync(emptyText, HttpStatusCode.BadRequest, "invalid_argument");
        }

        using (var capacity = await _api.Http.PutAsJsonAsync($"/v1/tenants/{t}/agents/a/presence", new PresenceUpdate(AgentPresence.Online, ["general"], 500), RoutingApi.Json))
        {
            Assert.Equal(HttpStatusCode.BadRequest, capacity.StatusCode);
        }

        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using (var malformed = await _api.Http.PostAsync(new Uri($"/v1/tenants/{t}/sessions/", UriKind.Relative), content))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        using (var badTenant = await _api.PostAsync("/v1/tenants/a:b/sessions/", new CreateSessionRequest("v", null, null, 0, null, null)))
        {
            await RoutingApi.AssertProblemAsync(badTenant, HttpStatusCode.BadRequest, "invalid_argument");
        }

        using (var noAgent = await _api.AcceptAsync(t, s, ""))
        {
            await RoutingApi.AssertProblemAsync(noAgent, HttpStatusCode.BadRequest, "invalid_argument");
        }
    }

    [Fact]
    public async Task Appends_are_idempotent_on_client_message_id_and_gap_free()
    {
        var t = RoutingApi.NewTenant("append");
        var s = (await _api.CreateAsync(t, "v1", text: "first", clientMsgId: "start")).SessionId;
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await _api.AppendAsync(t, s, new AppendTextRequest($"m{i % 10}", Roles.Visitor, "v1", null, $"text {i % 10}"));
            return await RoutingApi.ReadAsync<AppendResult>(response, HttpStatusCode.OK);
        }));

        var timeline = await _api.TimelineAsync(t, s);
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(i => i.Seq));
        Assert.Equal(11, timeline.Count(i => i.Kind == TimelineItemKind.Text));
        Assert.Equal(10, results.Count(r => r.Duplicate));
        foreach (var group in results.Select((r, i) => (r, id: $"m{i % 10}")).GroupBy(x => x.id))
        {
            Assert.Single(group.Select(x => x.r.Seq).Distinct());
            Assert.Equal(group.Key, timeline.Single(i => i.Seq == group.First().r.Seq).ClientMsgId);
        }

        using var retry = await _api.AppendAsync(t, s, new AppendTextRequest("start", Roles.Visitor, "v1", null, "first"));
        Assert.Equal(new AppendResult(1, true, null), await RoutingApi.ReadAsync<AppendResult>(retry, HttpStatusCode.OK));
        var again = await _api.CreateAsync(t, "v1", text: "first", clientMsgId: "start");
        Assert.Equal(s, again.SessionId);
    }

    [Fact]
    public async Task Api_is_reachable_through_dapr_service_invocation()
    {
        var t = RoutingApi.NewTenant("invoke");
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        using var response = await fixture.Observer.SidecarHttp.GetAsync(new Uri($"/v1.0/invoke/{AppIds.Sessions}/method/v1/tenants/{t}/sessions/{s}", UriKind.Relative));
        Assert.Equal(s, (await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK)).SessionId);
        using var missing = await fixture.Observer.SidecarHttp.GetAsync(new Uri($"/v1.0/invoke/{AppIds.Sessions}/method/v1/tenants/{t}/sessions/nope", UriKind.Relative));
        await RoutingApi.AssertProblemAsync(missing, HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>A session of visitor v1 in <paramref name="skill"/>, offered to and accepted by alice.</summary>
    private async Task<string> AssignedToAliceAsync(string tenant, string skill)
    {
        await _api.PresenceAsync(tenant, "alice", AgentPresence.Online, [skill]);
        var session = (await _api.CreateAsync(tenant, "v1", skill: skill)).SessionId;
        await _api.OfferedAsync(tenant, session, "alice");
        await _api.AcceptOkAsync(tenant, session, "alice");
        return session;
    }
}
