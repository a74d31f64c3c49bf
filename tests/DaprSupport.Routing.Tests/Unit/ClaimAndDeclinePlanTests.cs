using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// The pure routing decisions added with the tenant configuration: manual claim offers (every free eligible agent at
/// once, capacity held), a decline's exclusion, overflow to a named group, and unattended sessions of offline agents.
/// </summary>
public sealed class ClaimAndDeclinePlanTests
{
    private const string Tenant = "t1";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RoutingPolicy Auto = new(5, TimeSpan.FromSeconds(60), 60, TimeSpan.FromSeconds(20));
    private readonly RouterState _state = RouterState.Empty();
    private RoutingPolicy _policy = Auto;

    private void AddAgent(string id, int load = 0, int capacity = 2, string skill = "general", AgentPresence presence = AgentPresence.Online, DateTimeOffset? offlineSince = null) =>
        _state.Agents[id] = new AgentSnapshot(Tenant, id, presence, [skill], capacity,
            [.. Enumerable.Range(0, load).Select(i => $"{id}-held-{i}")], Now.AddMinutes(-1), OfflineSince: offlineSince);

    private void AddWaiting(string sessionId, int waitedSeconds = 0, string[]? excluded = null, DateTimeOffset? excludedUntil = null) =>
        _state.Waiting[sessionId] = new WaitingSession(
            new QueueEntry(sessionId, "general", 0, Now.AddSeconds(-waitedSeconds), null, excluded ?? [], excludedUntil), _state.Waiting.Count + 1);

    private List<PlannedOffer> Plan() => new RoutingPlan(_state, new Policies(_policy), Tenant, Now).MakeOffers();

    [Fact]
    public void A_manual_group_offers_a_session_to_every_free_skilled_agent_at_once_but_not_to_one_at_capacity()
    {
        _policy = Auto with { Manual = true };
        AddAgent("a");
        AddAgent("b", load: 1);
        AddAgent("c");
        AddAgent("full", load: 2);
        AddAgent("away", presence: AgentPresence.Away);
        AddAgent("other", skill: "billing");
        AddWaiting("s1");

        var offer = Assert.Single(Plan());

        Assert.Equal(["a", "b", "c"], offer.OfferedAgents().Order(StringComparer.Ordinal));
        Assert.Equal(Now + Auto.OfferTimeout, offer.ExpiresAt);
    }

    [Fact]
    public void Claim_offers_count_as_load_for_every_claimant_so_capacity_holds()
    {
        _policy = Auto with { Manual = true };
        AddAgent("a", capacity: 1);
        AddAgent("b", capacity: 2);
        AddWaiting("s1", waitedSeconds: 2);
        AddWaiting("s2", waitedSeconds: 1);

        var offers = Plan();

        Assert.Equal(2, offers.Count);
        Assert.Equal(["a", "b"], offers.Single(o => o.SessionId == "s1").OfferedAgents().Order(StringComparer.Ordinal));
        Assert.Equal(["b"], offers.Single(o => o.SessionId == "s2").OfferedAgents());
    }

    [Fact]
    public void A_decliner_is_not_offered_the_session_again_while_another_agent_can_take_it()
    {
        AddAgent("decliner");
        AddAgent("busy", load: 1);
        AddWaiting("s1", excluded: ["decliner"], excludedUntil: Now.AddSeconds(20));

        Assert.Equal("busy", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void A_decliner_who_alone_is_eligible_waits_out_the_exclusion_and_is_then_offered_again()
    {
        AddAgent("decliner");
        AddWaiting("s1", excluded: ["decliner"], excludedUntil: Now.AddSeconds(20));
        Assert.Empty(Plan());
        Assert.Equal(Now.AddSeconds(20), WakeUpPlan.Next(_state, new Policies(_policy), Tenant, Now));

        AddWaiting("s1", excluded: ["decliner"], excludedUntil: Now);
        Assert.Equal("decliner", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void A_declined_claim_offer_is_offered_to_the_others_only()
    {
        _policy = Auto with { Manual = true };
        AddAgent("a");
        AddAgent("b");
        AddWaiting("s1", excluded: ["a"], excludedUntil: Now.AddSeconds(20));

        Assert.Equal(["b"], Assert.Single(Plan()).OfferedAgents());
    }

    [Fact]
    public void Overflow_goes_to_the_named_group_only()
    {
        _policy = Auto with { OverflowAfter = TimeSpan.FromSeconds(10), OverflowTo = "billing" };
        AddAgent("busy", load: 2);
        AddAgent("sales", skill: "sales");
        AddAgent("billing", skill: "billing");
        AddWaiting("s1", waitedSeconds: 11);

        Assert.Equal("billing", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void Ending_one_claimants_part_keeps_the_offer_for_the_others_and_the_last_part_removes_it()
    {
        var offer = new PlannedOffer("s1", "a", "o1", "general", Now.AddSeconds(20), ["a", "b"]);
        _state.Offers["s1"] = offer;

        var first = OfferBook.EndFor(_state, offer, "a");
        Assert.Equal(["a"], first.Claimants);
        Assert.Equal(["b"], _state.Offers["s1"].OfferedAgents());

        var last = OfferBook.EndFor(_state, _state.Offers["s1"], "b");
        Assert.Equal("b", last.AgentId);
        Assert.Empty(_state.Offers);
    }

    [Fact]
    public void An_offline_agents_sessions_are_unattended_once_the_grace_has_passed_and_a_wake_up_is_planned_for_it()
    {
        _policy = Auto with { UnattendedGrace = TimeSpan.FromSeconds(30) };
        AddAgent("gone", load: 2, presence: AgentPresence.Offline, offlineSince: Now.AddSeconds(-10));
        AddAgent("empty", presence: AgentPresence.Offline, offlineSince: Now.AddMinutes(-10));
        var policies = new Policies(_policy);

        Assert.Empty(UnattendedPlan.Due(_state, policies, Tenant, Now));
        Assert.Equal(Now.AddSeconds(20), WakeUpPlan.Next(_state, policies, Tenant, Now));

        var due = UnattendedPlan.Due(_state, policies, Tenant, Now.AddSeconds(20));
        Assert.Equal(["gone-held-0", "gone-held-1"], due.Select(u => u.SessionId).Order(StringComparer.Ordinal));
        Assert.All(due, u => Assert.Equal(("gone", RequeueReasons.AgentOffline), (u.AgentId, u.Reason)));
    }

    private sealed class Policies(RoutingPolicy policy) : IRoutingPolicies
    {
        public RoutingPolicy PolicyFor(string tenant, string skill) => policy;

        public SlaThresholds SlaFor(string tenant, string skill) => new RoutingOptions().SlaFor(tenant, skill);
    }
}
