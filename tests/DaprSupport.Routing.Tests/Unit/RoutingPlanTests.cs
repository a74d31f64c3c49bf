using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// One dispatch pass (issue 4, "Routing" and "Invariants"): pending offers count as load so no agent is offered past
/// its capacity; a transfer to a named agent waits for that agent only until the overflow time or their decline
/// (security review L6: it never strands the session); exclusions are soft.
/// </summary>
public sealed class RoutingPlanTests
{
    private const string Tenant = "t1";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RoutingOptions _options = new() { LoadThreshold = 5, OverflowAfterSeconds = 60, OfferTimeoutSeconds = 20 };
    private readonly RouterState _state = RouterState.Empty();

    private void AddAgent(string id, int load, int capacity = 5, AgentPresence presence = AgentPresence.Online, string[]? skills = null, int idleMinutesAgo = 0) =>
        _state.Agents[id] = new AgentSnapshot(Tenant, id, presence, skills ?? ["general"], capacity,
            [.. Enumerable.Range(0, load).Select(i => $"{id}-held-{i}")], Now.AddMinutes(-idleMinutesAgo));

    private void AddWaiting(string sessionId, string skill = "general", int priority = 0, int waitedSeconds = 0, string? target = null, string[]? excluded = null) =>
        _state.Waiting[sessionId] = new WaitingSession(
            new QueueEntry(sessionId, skill, priority, Now.AddSeconds(-waitedSeconds), target, excluded ?? []), _state.Waiting.Count + 1);

    private List<PlannedOffer> Plan() => new RoutingPlan(_state, _options, Tenant, Now).MakeOffers();

    [Fact]
    public void Pending_offers_count_as_load()
    {
        AddAgent("a", load: 1, capacity: 3);
        _state.Offers["s-old"] = new PlannedOffer("s-old", "a", "o1", "general", Now.AddSeconds(5));
        _state.Waiting["s-old"] = new WaitingSession(new QueueEntry("s-old", "general", 0, Now, null, []), 99);
        for (var i = 0; i < 5; i++)
        {
            AddWaiting($"s{i}");
        }

        var offers = Plan();
        Assert.Single(offers);
        Assert.All(offers, o => Assert.Equal("a", o.AgentId));
        Assert.DoesNotContain(offers, o => o.SessionId == "s-old");
    }

    [Fact]
    public void Offers_spread_by_least_load_and_never_exceed_capacity()
    {
        AddAgent("a", load: 0, capacity: 2);
        AddAgent("b", load: 1, capacity: 2);
        for (var i = 0; i < 6; i++)
        {
            AddWaiting($"s{i}", waitedSeconds: 10 - i);
        }

        var offers = Plan();
        Assert.Equal(3, offers.Count);
        Assert.Equal(2, offers.Count(o => o.AgentId == "a"));
        Assert.Equal(1, offers.Count(o => o.AgentId == "b"));
        Assert.Equal(["s0", "s1", "s2"], offers.Select(o => o.SessionId).Order(StringComparer.Ordinal));
        Assert.All(offers, o => Assert.Equal(Now.AddSeconds(20), o.ExpiresAt));
    }

    [Fact]
    public void Queue_order_decides_who_gets_the_last_slot()
    {
        AddAgent("a", load: 0, capacity: 1);
        AddWaiting("old", waitedSeconds: 30);
        AddWaiting("urgent", priority: 1, waitedSeconds: 0);
        Assert.Equal("urgent", Assert.Single(Plan()).SessionId);
    }

    [Fact]
    public void Offline_and_away_agents_get_nothing()
    {
        AddAgent("off", load: 0, presence: AgentPresence.Offline);
        AddAgent("away", load: 0, presence: AgentPresence.Away);
        AddWaiting("s", waitedSeconds: 600);
        Assert.Empty(Plan());
    }

    [Fact]
    public void Skill_mismatch_waits_until_overflow()
    {
        AddAgent("sales", load: 0, skills: ["sales"]);
        AddWaiting("young", skill: "billing", waitedSeconds: 10);
        AddWaiting("old", skill: "billing", waitedSeconds: 61);
        var offer = Assert.Single(Plan());
        Assert.Equal(("old", "sales"), (offer.SessionId, offer.AgentId));
    }

    [Fact]
    public void Transfer_to_named_agent_waits_for_that_agent_only_within_the_overflow_time()
    {
        AddAgent("idle", load: 0);
        AddAgent("target", load: 5, capacity: 5);
        AddWaiting("s", target: "target", waitedSeconds: 59);
        Assert.Empty(Plan());

        AddAgent("target", load: 4, capacity: 5, skills: ["other"]);
        var offer = Assert.Single(Plan());
        Assert.Equal("target", offer.AgentId);
    }

    [Theory]
    [InlineData("target", AgentPresence.Online)]
    [InlineData("target", AgentPresence.Offline)]
    [InlineData("mistyped", AgentPresence.Online)]
    public void A_named_transfer_not_taken_within_the_overflow_time_goes_to_its_skill(string named, AgentPresence presence)
    {
        AddAgent("idle", load: 0, skills: ["billing"]);
        AddAgent("target", load: 5, capacity: 5, presence: presence);
        AddWaiting("s", skill: "billing", target: named, waitedSeconds: 60);

        Assert.Equal("idle", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void A_named_transfer_the_agent_declined_or_let_lapse_goes_to_its_skill_at_once()
    {
        AddAgent("idle", load: 0, skills: ["billing"]);
        AddAgent("target", load: 0);
        AddWaiting("s", skill: "billing", target: "target", excluded: ["target"]);

        Assert.Equal("idle", Assert.Single(Plan()).AgentId);

        // Nobody else can take it: the named agent is offered it again, as any exclusion is soft.
        _state.Agents.Remove("idle");
        Assert.Equal("target", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void Exclusions_prefer_other_agents_but_fall_back_to_the_excluded_one()
    {
        AddAgent("a", load: 0, idleMinutesAgo: 10);
        AddAgent("b", load: 2);
        AddWaiting("s", excluded: ["a"]);
        Assert.Equal("b", Assert.Single(Plan()).AgentId);

        _state.Agents.Remove("b");
        Assert.Equal("a", Assert.Single(Plan()).AgentId);
    }

    [Fact]
    public void Sessions_with_open_offers_are_not_offered_again()
    {
        AddAgent("a", load: 0);
        AddWaiting("s");
        _state.Offers["s"] = new PlannedOffer("s", "a", "o", "general", Now.AddSeconds(1));
        Assert.Empty(Plan());
    }
}
