using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Realtime.Fanout;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary><see cref="ReplicaFanout"/>: one listener per followed session receives every kind pushed for it.</summary>
public sealed class ReplicaFanoutTests
{
    private readonly ReplicaFanout _fanout = new();
    private readonly List<ReplicaEvent> _received = [];

    [Fact]
    public void One_session_listener_receives_items_changes_reads_and_positions()
    {
        using var listening = _fanout.ListenSession(Tenant, SessionId, Take);
        var read = new SessionRead(Tenant, SessionId, new ReadMark(new Participant("agent", AgentId, null), 1, T0));

        Assert.Equal(1, _fanout.Deliver(Item(1)));
        Assert.Equal(1, _fanout.Deliver(Changed(Session())));
        Assert.Equal(1, _fanout.Deliver(read));
        Assert.Equal(1, _fanout.Deliver(new QueuePositions(Tenant, "billing", T0, ["other", SessionId])));

        Assert.Collection(_received,
            e => Assert.Equal(1, Assert.IsType<ItemArrived>(e).Item.Seq),
            e => Assert.Equal(SessionId, Assert.IsType<SessionChangeArrived>(e).Change.Session.SessionId),
            e => Assert.Equal(read, Assert.IsType<ReadArrived>(e).Read),
            e => Assert.Equal(new QueuePosition(SessionId, 2, T0), Assert.IsType<PositionArrived>(e).Position));
    }

    [Fact]
    public void Other_sessions_and_other_tenants_are_not_delivered()
    {
        using var listening = _fanout.ListenSession(Tenant, SessionId, Take);

        Assert.Equal(0, _fanout.Deliver(Item(1, sessionId: "s2")));
        Assert.Equal(0, _fanout.Deliver(Item(1) with { Tenant = "globex" }));
        Assert.Equal(0, _fanout.Deliver(new QueuePositions("globex", "billing", T0, [SessionId])));
        Assert.Empty(_received);
    }

    [Fact]
    public void A_change_reaches_the_agents_it_is_offered_or_assigned_to_once_each()
    {
        using var offered = _fanout.ListenAgent(Tenant, AgentId, Take);
        using var assigned = _fanout.ListenAgent(Tenant, OtherAgentId, Take);

        Assert.Equal(1, _fanout.Deliver(Changed(Session(SessionStatus.Offered) with { OfferedTo = AgentId })));
        Assert.Equal(2, _fanout.Deliver(Changed(AssignedTo(OtherAgentId, 2) with { OfferedTo = AgentId })));
        Assert.Equal(1, _fanout.Deliver(Changed(AssignedTo(AgentId, 3) with { OfferedTo = AgentId })));
        Assert.Equal(0, _fanout.Deliver(Item(1)));
    }

    [Fact]
    public void A_disposed_listener_receives_nothing_more()
    {
        var listening = _fanout.ListenSession(Tenant, SessionId, Take);
        listening.Dispose();
        listening.Dispose();

        Assert.Equal(0, _fanout.Deliver(Item(1)));
        Assert.Empty(_received);
    }

    private bool Take(ReplicaEvent pushed)
    {
        _received.Add(pushed);
        return true;
    }
}
