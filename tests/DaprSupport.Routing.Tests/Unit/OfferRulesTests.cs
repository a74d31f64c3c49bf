using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>The session actor's rules for offers that end without an accept and for unattended sessions.</summary>
public sealed class OfferRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static SessionSnapshot Offered(params string[] agents) =>
        new("t", "s1", SessionStatus.Offered, "general", "v1", null, 2, OfferedTo: agents[0], OfferId: "o1",
            OfferExpiresAt: Now.AddSeconds(20), Claimants: agents.Length > 1 ? agents : null);

    [Fact]
    public void Declining_a_claim_offer_keeps_it_open_for_the_other_claimants()
    {
        var (transition, ended) = OfferRules.EndOffer(Offered("a", "b", "c"), null, "a");

        Assert.Equal(["a"], ended);
        Assert.Equal(SessionStatus.Offered, transition.Next!.Status);
        Assert.Equal("b", transition.Next.OfferedTo);
        Assert.False(transition.Next.IsOfferedTo("a"));
        Assert.True(transition.Next.IsOfferedTo("c"));
    }

    [Fact]
    public void Declining_the_only_offer_puts_the_session_back_in_its_queue()
    {
        var (transition, ended) = OfferRules.EndOffer(Offered("a"), null, "a");

        Assert.Equal(["a"], ended);
        Assert.Equal(SessionStatus.Queued, transition.Next!.Status);
        Assert.Null(transition.Next.OfferedTo);
        Assert.Null(transition.Next.Claimants);
    }

    [Fact]
    public void A_whole_offer_withdrawn_ends_it_for_every_claimant_and_a_stale_offer_id_is_refused()
    {
        var (transition, ended) = OfferRules.EndOffer(Offered("a", "b"), "o1", null);
        var (stale, none) = OfferRules.EndOffer(Offered("a", "b"), "o-old", null);

        Assert.Equal(["a", "b"], ended);
        Assert.Equal(SessionStatus.Queued, transition.Next!.Status);
        Assert.NotNull(stale.Refusal);
        Assert.Empty(none);
    }

    [Fact]
    public void An_agent_who_holds_no_offer_cannot_decline_and_losers_of_a_claim_exclude_the_winner()
    {
        Assert.NotNull(OfferRules.EndOffer(Offered("a", "b"), null, "z").Transition.Refusal);
        Assert.Equal(["a", "c"], OfferRules.Losers(Offered("a", "b", "c"), "b"));
        Assert.Empty(OfferRules.Losers(Offered("a"), "a"));
    }

    [Fact]
    public void Requeue_takes_the_session_from_its_agent_only_while_that_agent_holds_it()
    {
        var assigned = new SessionSnapshot("t", "s1", SessionStatus.Assigned, "general", "v1", "a", 3,
            AssignedAt: Now.AddMinutes(-1), FirstResponseAt: Now.AddSeconds(-30));

        var requeued = OfferRules.Requeue(assigned, new RequeueRequest("a", RequeueReasons.AgentOffline), Now);
        var other = OfferRules.Requeue(assigned, new RequeueRequest("b", RequeueReasons.AgentOffline), Now);

        Assert.Equal(SessionStatus.Queued, requeued.Next!.Status);
        Assert.Null(requeued.Next.AgentId);
        Assert.Equal(Now, requeued.Next.QueuedAt);
        Assert.NotNull(other.Refusal);
    }
}
