using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Unit.Fakes;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// An agent's connection orders what it learns of a session by the session's version: a change older than one it has
/// seen (a redelivered event, a listing read before a live change) neither shows an offer again nor ends the offer
/// shown. Each test ends with an offer of another session, so the frame read after the stale change is that offer's
/// exactly when the stale change made none.
/// </summary>
public sealed class AgentFeedOrderTests : IDisposable
{
    private const string Other = "s-other";

    private readonly ConversationRig _rig = new(Sample.Agent);

    [Fact]
    public async Task A_redelivered_offer_after_the_session_was_taken_is_not_shown_again()
    {
        await ConnectedAsync();
        Deliver(Offered(version: 2, offerId: "o1"));
        Assert.Equal(Sample.SessionId, Assert.IsType<OfferFrame>(await NextAsync()).SessionId);
        Deliver(Sample.AssignedTo("agent-else", version: 3), new EndedOffer(Sample.AgentId, OfferEndReasons.Taken));
        Assert.Equal(OfferEndReasons.Taken, Assert.IsType<OfferEndedFrame>(await NextAsync()).Reason);

        Deliver(Offered(version: 2, offerId: "o1"));
        Deliver(Offered(version: 1, offerId: "o9") with { SessionId = Other });

        Assert.Equal(Other, Assert.IsType<OfferFrame>(await NextAsync()).SessionId);
    }

    [Fact]
    public async Task A_late_end_of_an_earlier_offer_does_not_end_the_offer_made_after_it()
    {
        await ConnectedAsync();
        Deliver(Offered(version: 2, offerId: "o1"));
        Assert.IsType<OfferFrame>(await NextAsync());
        Deliver(Offered(version: 4, offerId: "o2"));
        Assert.IsType<OfferFrame>(await NextAsync());

        Deliver(Sample.Session(SessionStatus.Queued, version: 3), new EndedOffer(Sample.AgentId, OfferEndReasons.Expired));
        Deliver(Offered(version: 1, offerId: "o9") with { SessionId = Other });

        Assert.Equal(Other, Assert.IsType<OfferFrame>(await NextAsync()).SessionId);
        // The offer of o2 is still the one shown: the same snapshot again shows nothing, its end is still sent.
        Deliver(Offered(version: 4, offerId: "o2"));
        Deliver(Sample.AssignedTo("agent-else", version: 5), new EndedOffer(Sample.AgentId, OfferEndReasons.Taken));
        Assert.IsType<OfferEndedFrame>(await NextAsync());
    }

    public void Dispose() => _rig.Dispose();

    /// <summary>The agent's listener is registered before its pending offers are listed.</summary>
    private Task ConnectedAsync() => _rig.Backend.WaitForAsync(() => _rig.Backend.Count("/offers") >= 1);

    private void Deliver(SessionSnapshot session, params EndedOffer[] ended) =>
        Assert.Equal(1, _rig.Fanout.Deliver(Sample.Changed(session) with { EndedOffers = ended.Length > 0 ? ended : null }));

    private async Task<ServerFrame> NextAsync() => await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping);

    private static SessionSnapshot Offered(long version, string offerId) =>
        Sample.Session(SessionStatus.Offered, version: version) with
        {
            OfferedTo = Sample.AgentId, OfferId = offerId, OfferExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        };
}
