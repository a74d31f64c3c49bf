using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary><see cref="SessionStream"/>: what one connection has been shown of one session (pure state).</summary>
public sealed class SessionStreamTests
{
    [Fact]
    public void Items_are_released_in_seq_order_without_gaps_and_old_ones_are_dropped()
    {
        var stream = new SessionStream(delivered: 2);

        Assert.Empty(stream.Accept(Item(2)));
        Assert.Empty(stream.Accept(Item(4)));
        Assert.True(stream.HasGap);
        Assert.Equal([3L, 4L], stream.Accept(Item(3)).Select(i => i.Seq));
        Assert.False(stream.HasGap);
        Assert.Equal(4, stream.Delivered);
        Assert.Empty(stream.Accept(Item(4)));
    }

    [Fact]
    public void A_queued_session_shows_its_own_position_else_one_read_after_its_status_changed()
    {
        var stream = new SessionStream(0);
        Assert.Null(stream.Move(new QueuePosition(SessionId, 4, T0.AddSeconds(1))));

        Assert.Equal(4, stream.Show(Session(), changedAt: T0));
        Assert.Null(stream.Show(Session(), changedAt: T0.AddSeconds(2)));

        // An answer (no time) is newer than every position received so far.
        Assert.Null(stream.Show(Session(), changedAt: null));
        Assert.Equal(7, stream.Show(Session() with { Position = 7 }, T0.AddSeconds(2)));
        Assert.Null(stream.Show(AssignedTo(AgentId, 2) with { Position = 7 }, null));
    }

    [Fact]
    public void A_position_moves_the_shown_session_only_when_newer_and_different()
    {
        var stream = new SessionStream(0);
        stream.Show(Session() with { Position = 3 }, T0);

        var moved = stream.Move(new QueuePosition(SessionId, 2, T0.AddSeconds(2)));
        Assert.Equal((SessionStatus.Queued, 2), (moved!.Status, moved.Position));
        Assert.Null(stream.Move(new QueuePosition(SessionId, 2, T0.AddSeconds(3))));
        Assert.Null(stream.Move(new QueuePosition(SessionId, 5, T0.AddSeconds(1))));

        stream.Show(AssignedTo(AgentId, 2), T0.AddSeconds(4));
        Assert.Null(stream.Move(new QueuePosition(SessionId, 1, T0.AddSeconds(5))));
    }

    [Fact]
    public void Read_marks_only_move_forward_per_participant()
    {
        var stream = new SessionStream(0);
        var visitor = new Participant("visitor", VisitorId, null);
        var agent = new Participant("agent", AgentId, null);

        Assert.True(stream.AdvanceRead(new ReadMark(visitor, 2, T0)));
        Assert.False(stream.AdvanceRead(new ReadMark(visitor, 2, T0)));
        Assert.False(stream.AdvanceRead(new ReadMark(visitor, 1, T0)));
        Assert.True(stream.AdvanceRead(new ReadMark(agent, 1, T0)));
        Assert.True(stream.AdvanceRead(new ReadMark(visitor, 3, T0)));
    }
}
