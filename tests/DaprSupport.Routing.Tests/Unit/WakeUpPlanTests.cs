using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>The router's next wake-up: the earliest offer expiry or coming overflow of a session without an offer.</summary>
public sealed class WakeUpPlanTests
{
    private const string Tenant = "t1";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RoutingOptions _options = new() { OverflowAfterSeconds = 60 };
    private readonly RouterState _state = RouterState.Empty();

    private void AddWaiting(string sessionId, int waitedSeconds) =>
        _state.Waiting[sessionId] = new WaitingSession(
            new QueueEntry(sessionId, "general", 0, Now.AddSeconds(-waitedSeconds), null, []), _state.Waiting.Count + 1);

    private void AddOffer(string sessionId, int expiresInSeconds) =>
        _state.Offers[sessionId] = new PlannedOffer(sessionId, "a", "o-" + sessionId, "general", Now.AddSeconds(expiresInSeconds));

    private DateTimeOffset? Next() => WakeUpPlan.Next(_state, _options, Tenant, Now);

    [Fact]
    public void Nothing_waiting_on_time_needs_no_wake_up() => Assert.Null(Next());

    [Fact]
    public void The_earliest_offer_expiry_wins_over_a_later_overflow()
    {
        AddOffer("s1", expiresInSeconds: 20);
        AddOffer("s2", expiresInSeconds: 5);
        AddWaiting("s3", waitedSeconds: 10);

        Assert.Equal(Now.AddSeconds(5), Next());
    }

    [Fact]
    public void A_coming_overflow_of_a_session_without_an_offer_is_the_next_moment()
    {
        AddOffer("s1", expiresInSeconds: 30);
        AddWaiting("s2", waitedSeconds: 50);

        Assert.Equal(Now.AddSeconds(10), Next());
    }

    [Fact]
    public void Overflows_already_passed_and_sessions_holding_an_offer_are_not_waited_for()
    {
        AddWaiting("passed", waitedSeconds: 90);
        AddWaiting("offered", waitedSeconds: 55);
        AddOffer("offered", expiresInSeconds: 40);

        Assert.Equal(Now.AddSeconds(40), Next());
    }
}
