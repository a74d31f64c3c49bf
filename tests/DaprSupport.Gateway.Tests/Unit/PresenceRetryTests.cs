using System.Net;
using System.Text;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Tests.Unit.Fakes;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// An agent's <c>presence</c> that the sessions service could not take (unavailable: it was restarting, say) is
/// answered with the error and then asked again at each heartbeat of the agent's connection, through its pump, until
/// it lands or the agent sends another presence. Found by the load tool: agents that connected while the sessions
/// service was starting stayed offline, and no chat was ever offered.
/// </summary>
public sealed class PresenceRetryTests : IDisposable
{

    private readonly ConversationRig _rig =
        new(Sample.Agent, new GatewayOptions { PresenceHeartbeat = TimeSpan.FromMilliseconds(30) });

    private FakeSessionsBackend Backend => _rig.Backend;

    private Conversation Agent => _rig.Conversation;

    [Fact]
    public async Task A_presence_refused_as_unavailable_is_asked_again_at_the_heartbeat_until_it_lands()
    {
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.OK);

        Agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));

        Assert.Equal(ErrorCodes.Unavailable, (await NextErrorAsync()).Code);
        await Backend.WaitForAsync(() => Asked().Count == 3);

        // Landed: later heartbeats ask nothing more, and the client heard of the first refusal only.
        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal([AgentPresence.Online, AgentPresence.Online, AgentPresence.Online], Asked());
        Assert.False(Agent.Outbound.TryRead(out _));
    }

    [Fact]
    public async Task A_later_presence_replaces_the_one_waiting_to_be_asked_again()
    {
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.ServiceUnavailable);
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.OK);
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.OK);
        Agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));
        Assert.Equal(ErrorCodes.Unavailable, (await NextErrorAsync()).Code);

        Agent.Receive(Utf8("""{"type":"presence","status":"offline"}"""));
        await Backend.WaitForAsync(() => Asked().Contains(AgentPresence.Offline));

        // A heartbeat may have asked again for the online one before the offline one came (that is the retry); after
        // the offline one, nothing is asked again.
        await Backend.WaitForMoreHeartbeatsAsync(3);
        var asked = Asked();
        Assert.Equal(AgentPresence.Offline, asked[^1]);
        Assert.Single(asked, AgentPresence.Offline);
        Assert.InRange(asked.Count, 2, 3);
    }

    [Fact]
    public async Task A_presence_refused_for_good_is_not_asked_again()
    {
        Backend.PresenceAnswers.Enqueue(HttpStatusCode.BadRequest);
        Agent.Receive(Utf8("""{"type":"presence","status":"online"}"""));
        Assert.Equal(ErrorCodes.InvalidArgument, (await NextErrorAsync()).Code);

        await Backend.WaitForMoreHeartbeatsAsync(3);
        Assert.Equal([AgentPresence.Online], Asked());
    }

    public void Dispose() => _rig.Dispose();

    private List<AgentPresence> Asked()
    {
        lock (Backend.PresenceAsked)
        {
            return [.. Backend.PresenceAsked];
        }
    }

    private async Task<ErrorFrame> NextErrorAsync() =>
        Assert.IsType<ErrorFrame>(await Agent.Outbound.ReadAsync(_rig.Stopping));

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
