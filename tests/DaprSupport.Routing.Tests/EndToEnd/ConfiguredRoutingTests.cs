using System.Net;
using System.Text.Json.Nodes;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Testing;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Routing driven by the tenant's configuration document (issue 12 items 4 and 6, issue 13 item 5), through the
/// sessions API with the configuration written on its actor: a changed group applies at the next decision; manual
/// claim mode; decline; unattended sessions (agent offline past the grace, no reply within reassignAfterSeconds).
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class ConfiguredRoutingTests(RoutingSystemFixture system)
{
    private readonly RoutingApi _api = system.Api;
    private readonly TenantConfigs _configs = new(system);

    private static JsonObject Group(string name, int offerTimeoutSeconds = 60, string assignment = "auto", int? reassignAfterSeconds = null)
    {
        var group = new JsonObject
        {
            ["name"] = name,
            ["offerTimeoutSeconds"] = offerTimeoutSeconds,
            ["overflowWaitSeconds"] = 600,
            ["assignment"] = assignment,
        };
        if (reassignAfterSeconds is { } s)
        {
            group["reassignAfterSeconds"] = s;
        }

        return group;
    }

    [Fact]
    public async Task A_changed_offer_timeout_applies_at_the_routers_next_decision_without_a_restart()
    {
        var tenant = RoutingApi.NewTenant("cfg");
        await _configs.WriteAsync(tenant, TenantConfigs.Document(Group("general", offerTimeoutSeconds: 40)));
        await _api.PresenceAsync(tenant, "a", AgentPresence.Online, capacity: 3);

        var first = await _api.CreateAsync(tenant, "v1");
        var offered = await _api.OfferedAsync(tenant, first.SessionId, "a");
        Assert.InRange((offered.OfferExpiresAt!.Value - DateTimeOffset.UtcNow).TotalSeconds, 25, 40);

        await _configs.WriteAsync(tenant, TenantConfigs.Document(Group("general", offerTimeoutSeconds: 300)));
        var second = await _api.CreateAsync(tenant, "v2");
        offered = await _api.OfferedAsync(tenant, second.SessionId, "a");
        Assert.InRange((offered.OfferExpiresAt!.Value - DateTimeOffset.UtcNow).TotalSeconds, 280, 300);
    }

    [Fact]
    public async Task A_manual_group_offers_to_every_free_agent_the_first_accept_wins_and_the_others_are_told_taken()
    {
        var tenant = RoutingApi.NewTenant("claim");
        await _configs.WriteAsync(tenant, TenantConfigs.Document(Group("general", assignment: "manual")));
        await _api.PresenceAsync(tenant, "full", AgentPresence.Online, capacity: 0);
        foreach (var agent in new[] { "a", "b", "c" })
        {
            await _api.PresenceAsync(tenant, agent, AgentPresence.Online, capacity: 2);
        }

        var session = await _api.CreateAsync(tenant, "v1");
        var offered = await Eventually.Until(() => _api.SessionAsync(tenant, session.SessionId), s => s.OfferedAgents().Count == 3, 15, "a claim offer to a, b and c");
        Assert.Equal(["a", "b", "c"], offered.OfferedAgents().Order(StringComparer.Ordinal));

        var answers = await Task.WhenAll(new[] { "a", "b", "c" }.Select(async agent =>
        {
            using var response = await _api.AcceptAsync(tenant, session.SessionId, agent);
            return (agent, response.StatusCode);
        }));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK).agent;
        Assert.All(answers.Where(a => a.agent != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var assigned = await NextChangeAsync(session.SessionId, c => c.Change == SessionChanges.Assigned);
        Assert.Equal(winner, assigned.Session.AgentId);
        Assert.Equal(
            new[] { "a", "b", "c" }.Where(a => a != winner),
            assigned.EndedOffers!.Select(e => e.AgentId).Order(StringComparer.Ordinal));
        Assert.All(assigned.EndedOffers!, e => Assert.Equal(OfferEndReasons.Taken, e.Reason));
        Assert.Equal(1, (await _api.AgentAsync(tenant, winner)).Load);
    }

    [Fact]
    public async Task A_declined_session_goes_to_the_next_agent_and_the_decliner_is_told()
    {
        var tenant = RoutingApi.NewTenant("decline");
        await _api.PresenceAsync(tenant, "a", AgentPresence.Online);
        await _api.PresenceAsync(tenant, "b", AgentPresence.Online);
        var session = await _api.CreateAsync(tenant, "v1");
        var first = (await _api.OfferedAsync(tenant, session.SessionId)).OfferedTo!;
        var other = first == "a" ? "b" : "a";

        using (var declined = await _api.DeclineAsync(tenant, session.SessionId, first))
        {
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        }

        await _api.OfferedAsync(tenant, session.SessionId, other);
        var ended = await NextChangeAsync(session.SessionId, c => c.EndedOffers is { Count: > 0 });
        Assert.Equal([new EndedOffer(first, OfferEndReasons.Declined)], ended.EndedOffers!);
        using var notHis = await _api.DeclineAsync(tenant, session.SessionId, first);
        await RoutingApi.AssertProblemAsync(notHis, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_decliner_who_alone_can_take_the_session_is_offered_it_again_after_the_offer_timeout()
    {
        var tenant = RoutingSystemFixture.Tenants.FastOffer;
        var skill = "decline-" + Guid.NewGuid().ToString("N")[..8];
        var agent = "only-" + Guid.NewGuid().ToString("N")[..8];
        await _api.PresenceAsync(tenant, agent, AgentPresence.Online, [skill]);
        var session = await _api.CreateAsync(tenant, "v-" + agent, skill);
        // Offers lapse after a second here: a decline that arrives after its offer lapsed (409) waits for the next.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        SessionSnapshot offer;
        HttpStatusCode answer;
        do
        {
            offer = await _api.OfferedAsync(tenant, session.SessionId, agent);
            using var declined = await _api.DeclineAsync(tenant, session.SessionId, agent);
            answer = declined.StatusCode;
        }
        while (answer == HttpStatusCode.Conflict && DateTimeOffset.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, answer);

        var again = await _api.OfferedAsync(tenant, session.SessionId, agent);
        Assert.NotEqual(offer.OfferId, again.OfferId);
    }

    [Fact]
    public async Task An_assigned_session_whose_agent_went_offline_is_requeued_to_another_after_the_grace()
    {
        var tenant = RoutingSystemFixture.Tenants.Unattended;
        var skill = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var (gone, stays) = ("gone-" + skill, "stays-" + skill);
        await _api.PresenceAsync(tenant, gone, AgentPresence.Online, [skill]);
        var session = await _api.CreateAsync(tenant, "v-" + skill, skill);
        await _api.OfferedAsync(tenant, session.SessionId, gone);
        await _api.AcceptOkAsync(tenant, session.SessionId, gone);
        await _api.PresenceAsync(tenant, stays, AgentPresence.Online, [skill]);

        await _api.PresenceAsync(tenant, gone, AgentPresence.Offline, [skill]);

        var requeued = await NextChangeAsync(session.SessionId, c => c.Change == SessionChanges.Requeued);
        await _api.OfferedAsync(tenant, session.SessionId, stays);
        var item = Assert.Single(await _api.TimelineAsync(tenant, session.SessionId), i => i.Event == TimelineEvents.Requeued);
        Assert.Equal(RequeueReasons.AgentOffline, item.Text);
        Assert.Null(requeued.Session.AgentId);
        Assert.Equal(0, (await _api.AgentAsync(tenant, gone)).Load);
    }

    [Fact]
    public async Task An_agent_who_does_not_answer_the_visitor_within_reassign_after_seconds_loses_the_session()
    {
        var tenant = RoutingApi.NewTenant("noreply");
        await _configs.WriteAsync(tenant, TenantConfigs.Document(Group("general", reassignAfterSeconds: 1)));
        await _api.PresenceAsync(tenant, "a", AgentPresence.Online);
        var session = await _api.CreateAsync(tenant, "v1");
        var first = (await _api.OfferedAsync(tenant, session.SessionId)).OfferedTo!;
        await _api.AcceptOkAsync(tenant, session.SessionId, first);
        await _api.PresenceAsync(tenant, "b", AgentPresence.Online);

        using (var text = await _api.AppendAsync(tenant, session.SessionId, new AppendTextRequest("m1", "visitor", "v1", null, "Hello?")))
        {
            Assert.True(text.IsSuccessStatusCode);
        }

        await NextChangeAsync(session.SessionId, c => c.Change == SessionChanges.Requeued);
        await _api.OfferedAsync(tenant, session.SessionId, "b");
        var item = Assert.Single(await _api.TimelineAsync(tenant, session.SessionId), i => i.Event == TimelineEvents.Requeued);
        Assert.Equal(RequeueReasons.NoReply, item.Text);
    }

    private async Task<SessionChanged> NextChangeAsync(string sessionId, Func<SessionChanged, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = system.ChangesOf(sessionId);
        while (true)
        {
            var change = await reader.ReadAsync(timeout.Token);
            if (match(change))
            {
                return change;
            }
        }
    }
}
