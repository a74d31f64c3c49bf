using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// The pure routing decision (issue 4, "Routing"): tier 1 skilled below the load threshold (least load, then longest
/// idle), tier 2 skilled below capacity (least load), tier 3 overflow to anyone after the overflow wait, else wait.
/// </summary>
public sealed class SessionMatcherTests
{
    private static readonly RoutingPolicy Policy = new(LoadThreshold: 3, OverflowAfter: TimeSpan.FromSeconds(60), PriorityWeight: 60, OfferTimeout: TimeSpan.FromSeconds(20));

    private static AgentCandidate Agent(int index, int load, int capacity = 5, long idleSince = 0, bool online = true) =>
        new(index, online, load, capacity, idleSince);

    private static MatchResult Match(AgentCandidate[] skilled, AgentCandidate[] all, TimeSpan waited) =>
        SessionMatcher.Match(skilled, all, in Policy, waited);

    [Fact]
    public void Tier1_picks_least_loaded_skilled_agent_below_threshold()
    {
        AgentCandidate[] skilled = [Agent(0, 2), Agent(1, 1), Agent(2, 2)];
        var result = Match(skilled, skilled, TimeSpan.Zero);
        Assert.Equal(new MatchResult(MatchTier.SkilledBelowThreshold, 1), result);
    }

    [Fact]
    public void Tier1_breaks_load_ties_by_longest_idle()
    {
        AgentCandidate[] skilled = [Agent(0, 1, idleSince: 300), Agent(1, 1, idleSince: 100), Agent(2, 1, idleSince: 200)];
        Assert.Equal(1, Match(skilled, skilled, TimeSpan.Zero).Position);
    }

    [Fact]
    public void Tier1_prefers_below_threshold_even_if_idle_longer_elsewhere()
    {
        // Agent 0 is at the threshold (3) but idle longest; agent 1 is below the threshold.
        AgentCandidate[] skilled = [Agent(0, 3, idleSince: 1), Agent(1, 2, idleSince: 999)];
        Assert.Equal(new MatchResult(MatchTier.SkilledBelowThreshold, 1), Match(skilled, skilled, TimeSpan.Zero));
    }

    [Fact]
    public void Tier2_when_every_skilled_agent_is_at_or_above_threshold()
    {
        AgentCandidate[] skilled = [Agent(0, 4), Agent(1, 3), Agent(2, 5)];
        Assert.Equal(new MatchResult(MatchTier.SkilledBelowCapacity, 1), Match(skilled, skilled, TimeSpan.Zero));
    }

    [Fact]
    public void Capacity_edge_load_equal_to_capacity_is_full()
    {
        AgentCandidate[] skilled = [Agent(0, 2, capacity: 2), Agent(1, 4, capacity: 4)];
        Assert.Equal(MatchResult.NoMatch, Match(skilled, skilled, TimeSpan.Zero));
    }

    [Fact]
    public void Capacity_below_threshold_still_bounds_tier1()
    {
        // Capacity 1 < threshold 3: an agent with one session is full even though it is below the threshold.
        AgentCandidate[] skilled = [Agent(0, 1, capacity: 1), Agent(1, 2, capacity: 5)];
        Assert.Equal(new MatchResult(MatchTier.SkilledBelowThreshold, 1), Match(skilled, skilled, TimeSpan.Zero));
    }

    [Fact]
    public void Offline_agents_are_skipped_in_every_tier()
    {
        AgentCandidate[] skilled = [Agent(0, 0, online: false)];
        AgentCandidate[] all = [Agent(0, 0, online: false), Agent(1, 0, online: false)];
        Assert.Equal(MatchResult.NoMatch, Match(skilled, all, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Overflow_waits_for_the_overflow_time()
    {
        AgentCandidate[] skilled = [Agent(0, 5, capacity: 5)];
        AgentCandidate[] all = [Agent(0, 5, capacity: 5), Agent(1, 1)];
        Assert.Equal(MatchResult.NoMatch, Match(skilled, all, TimeSpan.FromSeconds(59.9)));
        Assert.Equal(new MatchResult(MatchTier.Overflow, 1), Match(skilled, all, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Overflow_picks_least_loaded_then_longest_idle()
    {
        AgentCandidate[] all = [Agent(0, 2), Agent(1, 1, idleSince: 50), Agent(2, 1, idleSince: 10), Agent(3, 0, online: false)];
        Assert.Equal(new MatchResult(MatchTier.Overflow, 2), Match([], all, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Skilled_agent_with_room_beats_overflow_even_after_the_wait()
    {
        AgentCandidate[] skilled = [Agent(0, 4)];
        AgentCandidate[] all = [Agent(0, 4), Agent(1, 0)];
        Assert.Equal(new MatchResult(MatchTier.SkilledBelowCapacity, 0), Match(skilled, all, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Nobody_means_wait()
    {
        Assert.False(Match([], [], TimeSpan.FromHours(1)).Found);
    }
}
