using System.Text;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="Conversation"/>'s mailbox and pump, built without DI against a fake sessions service: where answers go
/// for each transport, and that what the fanout pushes reaches the client through the pump.
/// </summary>
public sealed class ConversationPumpTests : IDisposable
{
    private readonly ConversationRig _rig = new(Visitor);

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task A_received_frame_is_answered_on_the_outbound_queue()
    {
        _rig.Conversation.Receive(Utf8("""{"type":"ping"}"""));
        Assert.IsType<PongFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping));

        // A frame that does not parse is refused at once, without the pump.
        _rig.Conversation.Receive(Utf8("""{"type":"dance"}"""));
        var error = Assert.IsType<ErrorFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping));
        Assert.Equal(ErrorCodes.BadFrame, error.Code);
    }

    [Fact]
    public async Task An_exchange_returns_its_direct_answers_and_items_still_go_out_as_pushed_frames()
    {
        _rig.Backend.Store(Session(lastSeq: 1));
        _rig.Backend.Append(Item(1));

        var replies = await _rig.Conversation.ExchangeAsync(Utf8(Hello));

        Assert.Equal(SessionId, Assert.IsType<SessionFrame>(Assert.Single(replies!)).SessionId);
        Assert.Equal(1, Assert.IsType<ItemFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping)).Seq);
        Assert.IsType<PongFrame>(Assert.Single((await _rig.Conversation.ExchangeAsync(Utf8("""{"type":"ping"}""")))!));
        Assert.False(_rig.Conversation.Outbound.TryRead(out _));
    }

    [Fact]
    public async Task An_item_pushed_for_a_followed_session_reaches_the_client_through_the_pump()
    {
        _rig.Backend.Store(Session(lastSeq: 0));
        _rig.Conversation.Receive(Utf8(Hello));
        Assert.IsType<SessionFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping));

        // The pump may still be reading the (empty) history: the listener is registered before it reads.
        Assert.Equal(1, _rig.Fanout.Deliver(Item(1)));

        Assert.Equal(1, Assert.IsType<ItemFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping)).Seq);
    }

    [Fact]
    public async Task A_read_at_or_below_the_mark_the_connection_was_shown_is_answered_without_calling_the_session()
    {
        var mark = new ReadMark(new Participant(Roles.Visitor, VisitorId, "Vera"), 5, T0);
        _rig.Backend.Store(Session(lastSeq: 0) with { ReadMarks = [mark] });

        // The first read follows the session (the session frame, then the stored mark), then a reconnected page's
        // repeat of its last read; only the read past the mark goes to the session actor.
        _rig.Conversation.Receive(Utf8(Read(4)));
        Assert.IsType<SessionFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping));
        Assert.Equal(5, Assert.IsType<ReadReceiptFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping)).Seq);
        _rig.Conversation.Receive(Utf8(Read(5)));
        _rig.Conversation.Receive(Utf8(Read(6)));
        await _rig.Backend.Actors.WaitForCallAsync();
        _rig.Conversation.Receive(Utf8("""{"type":"ping"}"""));
        Assert.IsType<PongFrame>(await _rig.Conversation.Outbound.ReadAsync(_rig.Stopping));

        Assert.Equal([$"{ActorIds.Session(Tenant, SessionId).GetId()}.MarkReadAsync"], _rig.Backend.Actors.Calls);
    }

    [Fact]
    public async Task Typing_in_a_followed_session_is_relayed_without_reading_the_session_again()
    {
        using var agent = await AgentFollowingItsSessionAsync();

        // The page types every 2 s while its user writes: the session its connection was shown says who may.
        agent.Conversation.Receive(Utf8(Typing));
        agent.Conversation.Receive(Utf8("""{"type":"ping"}"""));
        Assert.IsType<PongFrame>(await agent.Conversation.Outbound.ReadAsync(agent.Stopping));

        Assert.Equal(1, agent.Backend.Count($"/sessions/{SessionId}"));
    }

    [Fact]
    public async Task Typing_after_the_session_changed_hands_is_refused_by_a_fresh_read()
    {
        using var agent = await AgentFollowingItsSessionAsync();

        // Transferred to another agent: the change is the last thing this connection is shown, and it stops following.
        agent.Backend.Store(AssignedTo(OtherAgentId, version: 4));
        Assert.Equal(1, agent.Fanout.Deliver(Changed(AssignedTo(OtherAgentId, version: 4))));
        Assert.Equal(OtherAgentId,
            Assert.IsType<SessionFrame>(await agent.Conversation.Outbound.ReadAsync(agent.Stopping)).AgentId);
        agent.Conversation.Receive(Utf8(Typing));

        var refused = Assert.IsType<ErrorFrame>(await agent.Conversation.Outbound.ReadAsync(agent.Stopping));
        Assert.Equal(ErrorCodes.NotFound, refused.Code);
        Assert.Equal(2, agent.Backend.Count($"/sessions/{SessionId}"));
    }

    /// <summary>An agent's conversation following the session assigned to it (its session frame read).</summary>
    private static async Task<ConversationRig> AgentFollowingItsSessionAsync()
    {
        var agent = new ConversationRig(Agent);
        agent.Backend.Store(AssignedTo(AgentId, version: 3));
        agent.Conversation.Receive(Utf8(Hello));
        Assert.IsType<SessionFrame>(await agent.Conversation.Outbound.ReadAsync(agent.Stopping));
        return agent;
    }

    private static string Typing => $$"""{"type":"typing","sessionId":"{{SessionId}}"}""";

    private static string Read(long seq) => $$"""{"type":"read","sessionId":"{{SessionId}}","seq":{{seq}}}""";

    private static string Hello => $$$"""{"type":"hello","resume":{"{{{SessionId}}}":0}}""";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
