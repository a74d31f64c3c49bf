using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// <see cref="SessionSnapshot.Version"/>: every change the session actor saves moves it up, including the ones that add
/// no timeline item (an offer withdrawn or lapsed), so readers of <c>support.sessions</c> can tell a late change from a
/// new one; state stored before versions existed reads as 0 and goes on from there.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SessionVersionTests(RoutingSystemFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Every_transition_publishes_a_higher_version_including_a_withdrawn_offer()
    {
        var t = RoutingApi.NewTenant("version");
        var created = await _api.CreateAsync(t, "v1", text: "hello", clientMsgId: "m1");
        var s = created.SessionId;
        var changes = fixture.ChangesOf(s);
        Assert.Equal(1, created.Version);

        await _api.PresenceAsync(t, "alice", AgentPresence.Online);
        var offered = await _api.OfferedAsync(t, s, "alice");

        // Going offline withdraws the offer before the presence call answers: queued again, no timeline item added.
        await _api.PresenceAsync(t, "alice", AgentPresence.Offline);
        var withdrawn = await _api.SessionAsync(t, s);
        Assert.Equal(SessionStatus.Queued, withdrawn.Status);
        Assert.Equal(offered.LastSeq, withdrawn.LastSeq);
        Assert.True(withdrawn.Version > offered.Version, $"withdrawn at version {withdrawn.Version}, offered at {offered.Version}");

        await _api.PresenceAsync(t, "bob", AgentPresence.Online);
        await _api.OfferedAsync(t, s, "bob");
        var assigned = await _api.AcceptOkAsync(t, s, "bob");
        var transferred = await OkAsync(_api.TransferAsync(t, s, new TransferRequest("bob", Roles.Agent, null, "nobody-has-this")));
        var resolved = await OkAsync(_api.ResolveAsync(t, s, "v1", Roles.Visitor));
        var reopened = await OkAsync(_api.ReopenAsync(t, s, "v1", Roles.Visitor));

        string[] transitions = [TimelineEvents.Queued, TimelineEvents.Offered, "offer_withdrawn", TimelineEvents.Offered, TimelineEvents.Assigned,
            TimelineEvents.Transferred, TimelineEvents.Resolved, TimelineEvents.Reopened];
        var published = await ReadUntilAsync(changes, seen => seen.Count >= transitions.Length);
        var byVersion = published.OrderBy(c => c.Session.Version).ToList();
        Assert.Equal(transitions, byVersion.Select(c => c.Change));
        Assert.Equal(published.Count, published.Select(c => c.Session.Version).Distinct().Count());

        // Each answer carries the version its published change has.
        Assert.Equal(
            [created.Version, offered.Version, withdrawn.Version, assigned.Version, transferred.Version, resolved.Version, reopened.Version],
            byVersion.Where((_, i) => i != 3).Select(c => c.Session.Version));
    }

    [Fact]
    public async Task Positions_of_a_session_whose_offer_was_withdrawn_are_published_after_its_change()
    {
        var t = RoutingApi.NewTenant("version-pos");
        var positions = fixture.PositionsOf(t);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.PresenceAsync(t, "alice", AgentPresence.Online);
        await _api.OfferedAsync(t, s, "alice");
        await _api.PresenceAsync(t, "alice", AgentPresence.Offline);

        // The router takes the offer back before the session records it; a list read in between is older than the
        // change (so stale for the gateway), and the queue must be published again after it.
        var withdrawn = (await ReadUntilAsync(fixture.ChangesOf(s), seen => seen[^1].Change == "offer_withdrawn"))[^1];
        var lists = await ReadUntilAsync(positions, seen => seen[^1].SessionIds.Contains(s) && seen[^1].AsOf > withdrawn.At);
        Assert.Equal(("general", 1), (lists[^1].Skill, lists[^1].SessionIds.Count));
    }

    [Fact]
    public async Task Text_and_read_marks_move_the_version_too()
    {
        var t = RoutingApi.NewTenant("version-text");
        var created = await _api.CreateAsync(t, "v1", text: "hello", clientMsgId: "m1");
        var s = created.SessionId;

        using (var appended = await _api.AppendAsync(t, s, new AppendTextRequest("m2", Roles.Visitor, "v1", null, "anyone?")))
        {
            Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        }

        var afterText = await _api.SessionAsync(t, s);
        Assert.True(afterText.Version > created.Version, $"text: version {afterText.Version} after {created.Version}");

        var afterRead = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", afterText.LastSeq));
        Assert.True(afterRead.Version > afterText.Version, $"read: version {afterRead.Version} after {afterText.Version}");

        // A mark that does not move saves nothing, so the version stays.
        var unchanged = await _api.MarkReadOkAsync(t, s, new MarkReadRequest(Roles.Visitor, "v1", afterText.LastSeq));
        Assert.Equal(afterRead.Version, unchanged.Version);
    }

    [Fact]
    public async Task A_lapsed_offer_publishes_queued_with_the_next_version()
    {
        var t = RoutingSystemFixture.Tenants.FastOffer;
        var skill = "version-" + Guid.NewGuid().ToString("N")[..8];
        var agent = "lapse-" + Guid.NewGuid().ToString("N")[..8];
        await _api.PresenceAsync(t, agent, AgentPresence.Online, [skill]);
        try
        {
            await using var keepAlive = HeartbeatLoop.Start(_api, t, agent);
            var s = (await _api.CreateAsync(t, "v-" + Guid.NewGuid().ToString("N"), skill: skill)).SessionId;

            // Nobody accepts: the offer lapses after a second and the session is queued again (then offered again).
            var published = await ReadUntilAsync(fixture.ChangesOf(s), seen => LapsedOffer(seen) is not null);
            var (offer, lapsed) = LapsedOffer(published)!.Value;

            Assert.Equal((SessionStatus.Queued, (string?)null), (lapsed.Session.Status, lapsed.Session.OfferedTo));
            Assert.Equal((SessionStatus.Offered, agent), (offer.Session.Status, offer.Session.OfferedTo));
            Assert.Equal(offer.Session.LastSeq, lapsed.Session.LastSeq);
            Assert.True(offer.Session.Version > published.Single(c => c.Change == TimelineEvents.Queued).Session.Version);
        }
        finally
        {
            // No more offers of this session once the test is over.
            await _api.PresenceAsync(t, agent, AgentPresence.Offline, [skill]);
        }
    }

    [Fact]
    public async Task A_session_stored_without_a_version_reads_as_version_0_and_its_next_change_is_version_1()
    {
        var t = RoutingApi.NewTenant("version-legacy");
        var s = "s-legacy-" + Guid.NewGuid().ToString("N")[..12];

        // The actor state as it was stored before sessions had versions (never activated, so it is read from the store).
        var legacy = new
        {
            session = new { tenant = t, sessionId = s, status = "Queued", skill = "general", visitorId = "v1", lastSeq = 2, createdAt = DateTimeOffset.UtcNow, queuedAt = DateTimeOffset.UtcNow },
            clientMessages = new Dictionary<string, long>(),
        };
        await StoredActorState.PutAsync(fixture.SessionsSidecar, ActorTypes.Session, ActorIds.Session(t, s), "session", legacy);

        var before = await _api.SessionAsync(t, s);
        Assert.Equal((SessionStatus.Queued, 2L, 0L), (before.Status, before.LastSeq, before.Version));

        var resolved = await OkAsync(_api.ResolveAsync(t, s, "v1", Roles.Visitor));
        Assert.Equal((SessionStatus.Resolved, 3L, 1L), (resolved.Status, resolved.LastSeq, resolved.Version));
        Assert.Equal(1L, (await _api.SessionAsync(t, s)).Version);
    }

    private static async Task<SessionSnapshot> OkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return await RoutingApi.ReadAsync<SessionSnapshot>(response, HttpStatusCode.OK);
    }

    /// <summary>An offer and its withdrawal, the save right after it, among the changes seen (null: none yet).</summary>
    private static (SessionChanged Offer, SessionChanged Lapsed)? LapsedOffer(List<SessionChanged> seen) =>
        seen.Where(c => c.Change == "offer_withdrawn")
            .SelectMany(w => seen.Where(o => o.Change == TimelineEvents.Offered && o.Session.Version == w.Session.Version - 1).Select(o => (o, w)))
            .Cast<(SessionChanged, SessionChanged)?>()
            .FirstOrDefault();

    /// <summary>The events received (through pub/sub, in arrival order) until <paramref name="done"/> holds.</summary>
    private static async Task<List<T>> ReadUntilAsync<T>(ChannelReader<T> changes, Func<List<T>, bool> done)
    {
        var seen = new List<T>();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            do
            {
                seen.Add(await changes.ReadAsync(timeout.Token));
            }
            while (!done(seen));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Still waiting after {Patience}; got [{string.Join(", ", seen)}]");
        }

        return seen;
    }
}
