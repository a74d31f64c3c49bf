using DaprSupport.Contracts.Sessions;
using DaprSupport.Gateway.Backend;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="SessionAccess.MayType"/>: who may send typing signals in a session (docs/protocol.md "Typing"), the rule
/// the gateway applies to the session a connection was shown.
/// </summary>
public sealed class SessionAccessTests
{
    [Fact]
    public void The_visitor_and_the_assigned_agent_may_type_while_the_session_is_open()
    {
        Assert.True(SessionAccess.MayType(Visitor, Session()));
        Assert.True(SessionAccess.MayType(Visitor, AssignedTo(AgentId, version: 2)));
        Assert.True(SessionAccess.MayType(Agent, AssignedTo(AgentId, version: 2)));
    }

    [Fact]
    public void Nobody_types_in_a_resolved_session()
    {
        var resolved = AssignedTo(AgentId, version: 3) with { Status = SessionStatus.Resolved };

        Assert.False(SessionAccess.MayType(Visitor, resolved));
        Assert.False(SessionAccess.MayType(Agent, resolved));
    }

    [Fact]
    public void An_offered_or_other_agent_a_supervisor_and_another_tenant_may_not_type()
    {
        var offered = Session(SessionStatus.Offered) with { OfferedTo = AgentId, OfferId = "o1" };

        Assert.False(SessionAccess.MayType(Agent, offered));
        Assert.False(SessionAccess.MayType(Agent, AssignedTo(OtherAgentId, version: 2)));
        Assert.False(SessionAccess.MayType(Supervisor, AssignedTo(AgentId, version: 2)));
        Assert.False(SessionAccess.MayType(Visitor, Session() with { Tenant = "globex" }));
        Assert.False(SessionAccess.MayType(Visitor, Session() with { VisitorId = "v2" }));
    }
}
