using System.Net;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Tests.Unit.Fakes;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// The offers pending for an agent when it connects are listed once; when the sessions service could not list them
/// (unavailable: a start storm, a restart), they are listed again at the next heartbeats of the agent's connection,
/// through its pump, until the list arrives (three times at most: by then an offer pending at connect has lapsed). Before, they were logged and dropped: under a start storm an agent that
/// connected then saw an offer only after it lapsed and was made again.
/// </summary>
public sealed class PendingOffersRetryTests : IDisposable
{
    private const string Offers = "/offers";

    private ConversationRig? _rig;

    private ConversationRig Rig => _rig!;

    private FakeSessionsBackend Backend => Rig.Backend;

    [Fact]
    public async Task Offers_the_sessions_service_could_not_list_at_connect_are_listed_at_the_heartbeat_and_shown()
    {
        Connect(backend => backend.Store(Offered()),
            HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        var offer = Assert.IsType<OfferFrame>(await Rig.Conversation.Outbound.ReadAsync(Rig.Stopping));
        Assert.Equal(Sample.SessionId, offer.SessionId);
        Assert.Equal(3, Backend.Count(Offers));

        // Listed: later heartbeats list nothing more, and the offer is not shown twice.
        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal(3, Backend.Count(Offers));
        Assert.False(Rig.Conversation.Outbound.TryRead(out _));
    }

    [Fact]
    public async Task Offers_listed_at_connect_are_not_listed_again()
    {
        Connect(backend => backend.Store(Offered()), HttpStatusCode.OK);
        Assert.IsType<OfferFrame>(await Rig.Conversation.Outbound.ReadAsync(Rig.Stopping));

        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal(1, Backend.Count(Offers));
    }

    [Fact]
    public async Task An_unavailable_listing_is_asked_again_three_times_at_most()
    {
        Connect(_ => { }, Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 6).ToArray());

        await Backend.WaitForAsync(() => Backend.Count(Offers) == 4);
        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal(4, Backend.Count(Offers));
    }

    [Fact]
    public async Task A_listing_refused_for_good_is_not_asked_again()
    {
        Connect(_ => { }, HttpStatusCode.Forbidden);

        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal(1, Backend.Count(Offers));
    }

    public void Dispose() => _rig?.Dispose();

    /// <summary>The agent connects with the backend arranged and its offer listings answered in turn.</summary>
    private void Connect(Action<FakeSessionsBackend> arrange, params HttpStatusCode[] listings) =>
        _rig = new ConversationRig(Sample.Agent, new GatewayOptions { PresenceHeartbeat = TimeSpan.FromMilliseconds(30) },
            backend =>
            {
                arrange(backend);
                foreach (var answer in listings)
                {
                    backend.OffersAnswers.Enqueue(answer);
                }
            });

    private static SessionSnapshot Offered() =>
        Sample.Session(SessionStatus.Offered) with
        {
            OfferedTo = Sample.AgentId, OfferId = "o1", OfferExpiresAt = DateTimeOffset.UtcNow.AddMinutes(5),
        };
}
