using System.Net;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Skill routing end to end (issue 4, "Routing"): skills and least load, priorities, overflow after the wait, offer
/// timeout to the next agent, presence lease expiry withdrawing offers. Reminders and pub/sub follow Dapr
/// reference/api/actors_api and reference/api/pubsub_api.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SkillRoutingTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Sessions_go_to_skilled_agents_by_least_load()
    {
        var t = RoutingApi.NewTenant("skills");
        await _api.PresenceAsync(t, "b1", AgentPresence.Online, ["billing"]);
        await _api.PresenceAsync(t, "b2", AgentPresence.Online, ["billing", "sales"]);
        await _api.PresenceAsync(t, "s1", AgentPresence.Online, ["sales"]);
        var billing = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            billing.Add((await _api.CreateAsync(t, $"v{i}", skill: "billing")).SessionId);
        }

        var sales = (await _api.CreateAsync(t, "vs", skill: "sales")).SessionId;
        var offered = new List<SessionSnapshot>();
        foreach (var s in billing)
        {
            offered.Add(await _api.OfferedAsync(t, s));
        }

        Assert.Equal(2, offered.Count(o => o.OfferedTo == "b1"));
        Assert.Equal(2, offered.Count(o => o.OfferedTo == "b2"));
        Assert.Equal("s1", (await _api.OfferedAsync(t, sales)).OfferedTo);
    }

    [Fact]
    public async Task Higher_priority_gets_the_freed_slot_first_and_capacity_raise_dispatches()
    {
        var t = RoutingApi.NewTenant("prio");
        await _api.PresenceAsync(t, "a", AgentPresence.Online, capacity: 1);
        var first = (await _api.CreateAsync(t, "v0")).SessionId;
        await _api.OfferedAsync(t, first, "a");
        await _api.AcceptOkAsync(t, first, "a");
        var low = (await _api.CreateAsync(t, "v1", priority: 0)).SessionId;
        var high = (await _api.CreateAsync(t, "v2", priority: 2)).SessionId;

        var queues = await _api.QueuesAsync(t);
        Assert.Equal([high, low], queues.Waiting.OrderBy(w => w.Position).Select(w => w.SessionId));

        (await _api.ResolveAsync(t, first, "a", Roles.Agent)).Dispose();
        await _api.OfferedAsync(t, high, "a");
        Assert.Equal(SessionStatus.Queued, (await _api.SessionAsync(t, low)).Status);

        await _api.PresenceAsync(t, "a", AgentPresence.Online, capacity: 2);
        await _api.OfferedAsync(t, low, "a");
    }

    [Fact]
    public async Task Overflow_to_any_agent_after_the_wait()
    {
        var t = RoutingSystemFixture.Tenants.Overflow;
        await _api.PresenceAsync(t, "sales", AgentPresence.Online, ["sales"]);
        await using var keepAlive = HeartbeatLoop.Start(_api, t, "sales");
        var s = (await _api.CreateAsync(t, "v1", skill: "billing")).SessionId;
        Assert.Equal(SessionStatus.Queued, (await _api.SessionAsync(t, s)).Status);
        var offered = await _api.OfferedAsync(t, s, "sales", seconds: 10);
        Assert.True(offered.OfferExpiresAt - offered.QueuedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Unaccepted_offer_times_out_and_goes_to_the_next_agent()
    {
        var t = RoutingSystemFixture.Tenants.FastOffer;
        await _api.PresenceAsync(t, "a", AgentPresence.Online);
        await _api.PresenceAsync(t, "b", AgentPresence.Online);
        await using var keepAlive = HeartbeatLoop.Start(_api, t, "a", "b");
        var s = (await _api.CreateAsync(t, "v1")).SessionId;

        // Offers are read from their published changes: they lapse after a second here, and on a loaded machine polls
        // of the session missed the next agent's for longer than the test waited.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changes = fixture.ChangesOf(s);
        var first = await NextOfferAsync(changes, null, patience.Token);
        var next = first.OfferedTo == "a" ? "b" : "a";

        // The next agent accepts the first of its offers still open when its accept arrives.
        while (true)
        {
            var offer = await NextOfferAsync(changes, next, patience.Token);
            Assert.NotEqual(first.OfferId, offer.OfferId);
            using var accepted = await _api.AcceptAsync(t, s, next);
            if (accepted.StatusCode != HttpStatusCode.Conflict)
            {
                Assert.Equal(next, (await RoutingApi.ReadAsync<SessionSnapshot>(accepted, HttpStatusCode.OK)).AgentId);
                break;
            }
        }

        using var late = await _api.AcceptAsync(t, s, first.OfferedTo!);
        await RoutingApi.AssertProblemAsync(late, HttpStatusCode.Conflict, "conflict");
    }

    private static async Task<SessionSnapshot> NextOfferAsync(
        System.Threading.Channels.ChannelReader<SessionChanged> changes, string? agent, CancellationToken ct)
    {
        while (true)
        {
            var change = await changes.ReadAsync(ct);
            if (change is { Change: TimelineEvents.Offered, Session: { OfferedTo: { } to } offered }
                && (agent is null || to == agent))
            {
                return offered;
            }
        }
    }

    [Fact]
    public async Task Presence_lapses_without_heartbeat_and_offers_are_withdrawn()
    {
        var t = RoutingSystemFixture.Tenants.Lease;
        var online = await _api.PresenceAsync(t, "sleepy", AgentPresence.Online);
        Assert.NotNull(online.PresenceExpiresAt);
        var s = (await _api.CreateAsync(t, "v1")).SessionId;

        // The offer is read from its published change: on a loaded machine the 2 s lease can lapse, and the offer be
        // withdrawn, before a poll of the session sees it.
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            var changes = fixture.ChangesOf(s);
            while (await changes.ReadAsync(patience.Token) is not { Change: TimelineEvents.Offered } offer || !offer.Session.IsOfferedTo("sleepy"))
            {
            }
        }

        await Eventually.Until(() => _api.AgentAsync(t, "sleepy"), a => a.Presence == AgentPresence.Offline, 15, "lease expiry");
        await Eventually.Until(() => _api.SessionAsync(t, s), x => x.Status == SessionStatus.Queued && x.OfferedTo is null, 10, "offer withdrawn");
        Assert.DoesNotContain((await _api.QueuesAsync(t)).Offers, o => o.SessionId == s);

        await _api.PresenceAsync(t, "awake", AgentPresence.Online);
        await _api.OfferedAsync(t, s, "awake");
    }

    [Fact]
    public async Task An_agent_whose_heartbeats_stopped_for_a_lease_is_back_at_the_next_one()
    {
        // An outage of the sessions service stops every heartbeat; the agents lapse; when it ends they are back.
        var t = RoutingSystemFixture.Tenants.Lease;
        var agent = "outage-" + Guid.NewGuid().ToString("N")[..8];
        await _api.PresenceAsync(t, agent, AgentPresence.Away, ["outage-" + Guid.NewGuid().ToString("N")[..8]]);
        await Eventually.Until(() => _api.AgentAsync(t, agent), a => a.Presence == AgentPresence.Offline, 15, "lease expiry");

        // The beat's own answer (the 2 s lease here could lapse again before a later read on a loaded machine).
        Assert.Equal(AgentPresence.Away, (await _api.HeartbeatAsync(t, agent)).Presence);
    }

    [Fact]
    public async Task Heartbeats_keep_the_lease()
    {
        var t = RoutingSystemFixture.Tenants.Beat;
        await _api.PresenceAsync(t, "a", AgentPresence.Online);
        var until = DateTimeOffset.UtcNow.AddSeconds(RoutingSystemFixture.PresenceTtlSeconds * 1.75);
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.Equal(AgentPresence.Online, (await _api.HeartbeatAsync(t, "a")).Presence);
            await Task.Delay(300);
        }

        Assert.Equal(AgentPresence.Online, (await _api.AgentAsync(t, "a")).Presence);
    }

    [Fact]
    public async Task Abandoning_an_offered_session_frees_the_slot_for_the_next_one()
    {
        var t = RoutingApi.NewTenant("abandon");
        await _api.PresenceAsync(t, "a", AgentPresence.Online, capacity: 1);
        var first = (await _api.CreateAsync(t, "v1")).SessionId;
        await _api.OfferedAsync(t, first, "a");
        var second = (await _api.CreateAsync(t, "v2")).SessionId;
        Assert.Equal(SessionStatus.Queued, (await _api.SessionAsync(t, second)).Status);

        (await _api.ResolveAsync(t, first, "v1", Roles.Visitor)).Dispose();
        await _api.OfferedAsync(t, second, "a");
    }
}
