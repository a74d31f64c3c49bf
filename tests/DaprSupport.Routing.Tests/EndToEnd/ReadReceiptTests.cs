using System.Net;
using System.Net.Http.Json;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Read receipts through the Sessions HTTP API (POST /sessions/{id}/read): only the visitor and the assigned agent
/// have marks, a mark is clamped to the last seq and never goes back, it is kept in the session snapshot (not in the
/// timeline), and support.reads carries exactly the marks that moved forward.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class ReadReceiptTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task A_mark_is_clamped_to_the_last_seq_never_goes_back_and_takes_no_seq()
    {
        var t = RoutingApi.NewTenant("read");
        var s = (await _api.CreateAsync(t, "v1", text: "hello")).SessionId;
        var lastSeq = (await _api.SessionAsync(t, s)).LastSeq;

        var first = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 1));
        var clamped = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", lastSeq + 50));
        var older = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 1));

        Assert.Equal(1, Assert.Single(first.ReadMarks!).Seq);
        var mark = Assert.Single(clamped.ReadMarks!);
        Assert.Equal((Roles.Visitor, "v1", lastSeq), (mark.By.Role, mark.By.Id, mark.Seq));
        Assert.Equal(mark, Assert.Single(older.ReadMarks!));
        var stored = await _api.SessionAsync(t, s);
        Assert.Equal(mark, Assert.Single(stored.ReadMarks!));
        Assert.Equal(lastSeq, stored.LastSeq);
        Assert.Equal(lastSeq, (long)(await _api.TimelineAsync(t, s)).Count);
    }

    [Fact]
    public async Task Only_marks_that_move_forward_are_published()
    {
        var t = RoutingApi.NewTenant("read-pub");
        var s = (await _api.CreateAsync(t, "v1", text: "hello")).SessionId;
        var lastSeq = (await _api.SessionAsync(t, s)).LastSeq;

        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 1));
        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 1));
        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 0));
        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", lastSeq + 10));
        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", lastSeq + 20));
        using (var append = await _api.AppendAsync(t, s, new AppendTextRequest("m2", Roles.Visitor, "v1", null, "more")))
        {
            Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        }

        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", lastSeq + 1));

        // One partition per session keeps the receipts in order: anything published in between arrives before the last.
        var last = await fixture.ReadPublished(s, lastSeq + 1).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal((t, s, Roles.Visitor, "v1"), (last.Tenant, last.SessionId, last.Mark.By.Role, last.Mark.By.Id));
        Assert.Equal([1, lastSeq, lastSeq + 1], fixture.ReadsPublished(s).Select(r => r.Mark.Seq));
    }

    [Fact]
    public async Task Visitor_and_assigned_agent_each_keep_their_own_mark_with_their_names()
    {
        var t = RoutingApi.NewTenant("read-both");
        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["general"]);
        using var created = await _api.PostAsync($"/v1/tenants/{t}/sessions/", new CreateSessionRequest("v1", "Grace", null, 0, "c1", "hello"));
        var s = (await RoutingApi.ReadAsync<SessionSnapshot>(created, HttpStatusCode.Created)).SessionId;
        await _api.OfferedAsync(t, s, "alice");
        var assigned = await _api.AcceptOkAsync(t, s, "alice");

        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Agent, "alice", assigned.LastSeq, "Alice"));
        await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", 1));
        using (var append = await _api.AppendAsync(t, s, new AppendTextRequest("m2", Roles.Visitor, "v1", "Grace", "more")))
        {
            Assert.Equal(HttpStatusCode.OK, append.StatusCode);
        }

        // A later mark without a name keeps the name the participant gave before.
        var session = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Agent, "alice", assigned.LastSeq + 1));

        Assert.Equal(
            [(Roles.Agent, "alice", "Alice", assigned.LastSeq + 1), (Roles.Visitor, "v1", "Grace", 1L)],
            session.ReadMarks!.Select(m => (m.By.Role, m.By.Id, m.By.Name, m.Seq)).OrderBy(m => m.Role, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Supervisors_other_visitors_and_agents_not_assigned_are_forbidden()
    {
        var t = RoutingApi.NewTenant("read-403");
        var s = (await _api.CreateAsync(t, "v1", text: "hello")).SessionId;

        foreach (var (role, id) in new[] { (Roles.Supervisor, "boss"), (Roles.Visitor, "v2"), (Roles.Agent, "alice"), (Roles.System, "router") })
        {
            using var response = await _api.MarkReadAsync(t, s, new MarkReadRequest(role, id, 1));
            await RoutingApi.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Null((await _api.SessionAsync(t, s)).ReadMarks);
        Assert.Empty(fixture.ReadsPublished(s));
    }

    [Fact]
    public async Task Unknown_sessions_are_404_and_a_negative_seq_is_400()
    {
        var t = RoutingApi.NewTenant("read-bad");
        var s = (await _api.CreateAsync(t, "v1")).SessionId;

        using (var unknown = await _api.MarkReadAsync(t, "s-nope", new MarkReadRequest(Roles.Visitor, "v1", 1)))
        {
            await RoutingApi.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not_found");
        }

        using (var otherTenant = await _api.MarkReadAsync(RoutingApi.NewTenant("read-other"), s, new MarkReadRequest(Roles.Visitor, "v1", 1)))
        {
            await RoutingApi.AssertProblemAsync(otherTenant, HttpStatusCode.NotFound, "not_found");
        }

        using (var negative = await _api.MarkReadAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", -1)))
        {
            await RoutingApi.AssertProblemAsync(negative, HttpStatusCode.BadRequest, "invalid_argument");
        }

        using (var noRole = await _api.Http.PostAsJsonAsync($"/v1/tenants/{t}/sessions/{s}/read", new { userId = "v1", seq = 1 }, RoutingApi.Json))
        {
            await RoutingApi.AssertProblemAsync(noRole, HttpStatusCode.BadRequest, "invalid_argument");
        }
    }
}
