using DaprSupport.Configuration.Leases;

namespace DaprSupport.Routing.Tests.Configuration;

public sealed class LeaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_free_lease_is_granted_with_the_next_fencing_token()
    {
        var (result, state) = LeaseRules.Acquire(LeaseState.Free with { Token = 7 }, new LeaseRequest("a", Ttl), Now);

        Assert.Equal(new LeaseResult(LeaseOutcome.Granted, 8, Now + Ttl, "a"), result);
        Assert.Equal(new LeaseState("a", 8, Now + Ttl), state);
    }

    [Fact]
    public void A_held_lease_is_refused_to_another_owner_and_names_the_holder()
    {
        var held = new LeaseState("a", 3, Now + Ttl);

        var (result, state) = LeaseRules.Acquire(held, new LeaseRequest("b", Ttl), Now);

        Assert.Equal(new LeaseResult(LeaseOutcome.Held, 3, Now + Ttl, "a"), result);
        Assert.Same(held, state);
    }

    [Fact]
    public void The_holder_asking_again_keeps_its_token_and_extends()
    {
        var (result, _) = LeaseRules.Acquire(new LeaseState("a", 3, Now.AddSeconds(1)), new LeaseRequest("a", Ttl), Now);

        Assert.Equal(new LeaseResult(LeaseOutcome.Granted, 3, Now + Ttl, "a"), result);
    }

    [Fact]
    public void An_expired_lease_goes_to_the_next_acquirer_with_a_higher_token()
    {
        var expired = new LeaseState("a", 3, Now);

        var (result, _) = LeaseRules.Acquire(expired, new LeaseRequest("b", Ttl), Now);

        Assert.Equal(LeaseOutcome.Granted, result.Outcome);
        Assert.Equal(4, result.Token);
        Assert.Equal("b", result.Holder);
    }

    [Fact]
    public void Renew_extends_only_the_current_grant()
    {
        var held = new LeaseState("a", 3, Now.AddSeconds(1));

        Assert.Equal(new LeaseResult(LeaseOutcome.Renewed, 3, Now + Ttl, "a"), LeaseRules.Renew(held, new LeaseRequest("a", Ttl, 3), Now).Result);
        Assert.Equal(LeaseOutcome.NotOwner, LeaseRules.Renew(held, new LeaseRequest("a", Ttl, 2), Now).Result.Outcome);
        Assert.Equal(LeaseOutcome.NotOwner, LeaseRules.Renew(held, new LeaseRequest("b", Ttl, 3), Now).Result.Outcome);
    }

    [Fact]
    public void Renewing_after_expiry_is_refused_so_the_owner_must_acquire_a_new_token()
    {
        var (result, state) = LeaseRules.Renew(new LeaseState("a", 3, Now), new LeaseRequest("a", Ttl, 3), Now);

        Assert.Equal(LeaseOutcome.Expired, result.Outcome);
        Assert.Equal(new LeaseState("a", 3, Now), state);
    }

    [Fact]
    public void Release_frees_the_lease_but_keeps_the_token_so_the_next_grant_is_higher()
    {
        var (released, state) = LeaseRules.Release(new LeaseState("a", 3, Now + Ttl), new LeaseRequest("a", TimeSpan.Zero, 3), Now);
        var (next, _) = LeaseRules.Acquire(state, new LeaseRequest("b", Ttl), Now);

        Assert.Equal(LeaseOutcome.Released, released.Outcome);
        Assert.False(LeaseRules.IsHeld(state, Now));
        Assert.Equal(4, next.Token);
    }

    [Theory]
    [InlineData("b", 3)]
    [InlineData("a", 2)]
    public void Release_by_anyone_but_the_holder_of_this_grant_is_refused(string owner, long token)
    {
        var held = new LeaseState("a", 3, Now + Ttl);

        var (result, state) = LeaseRules.Release(held, new LeaseRequest(owner, TimeSpan.Zero, token), Now);

        Assert.Equal(LeaseOutcome.NotOwner, result.Outcome);
        Assert.Same(held, state);
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("a", 0)]
    [InlineData("a", -1)]
    [InlineData("a", 3601)]
    public void Malformed_requests_are_refused_without_a_change(string owner, int ttlSeconds)
    {
        var (result, state) = LeaseRules.Acquire(LeaseState.Free, new LeaseRequest(owner, TimeSpan.FromSeconds(ttlSeconds)), Now);

        Assert.Equal(LeaseOutcome.Invalid, result.Outcome);
        Assert.Same(LeaseState.Free, state);
    }
}
