using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>A supervisor taking over a chat (<see cref="SessionRules.TakeOver"/>) as a pure rule.</summary>
public sealed class TakeOverRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionSnapshot Assigned = new(
        "acme", "s-1", SessionStatus.Assigned, "billing", "v1", "a1", 4, AssignedAt: Now.AddMinutes(-3));

    [Fact]
    public void A_supervisor_takes_an_assigned_chat_and_holds_it()
    {
        var taken = SessionRules.TakeOver(Assigned, new TakeOverRequest("sup-1", Roles.Supervisor), Now).Next!;

        Assert.Equal((SessionStatus.Assigned, "sup-1", Now), (taken.Status, taken.AgentId, taken.AssignedAt));
        Assert.True(SessionRules.TakeOver(taken, new TakeOverRequest("sup-1", Roles.Supervisor), Now).IsUnchanged);
        Assert.True(SessionRules.IsHolder(taken, Roles.Supervisor, "sup-1"));
        Assert.False(SessionRules.IsHolder(Assigned, Roles.Supervisor, "sup-1"));
        Assert.True(SessionRules.IsHolder(Assigned, Roles.Agent, "a1"));
    }

    [Fact]
    public void Only_a_supervisor_takes_over_and_only_an_assigned_chat()
    {
        var byAgent = SessionRules.TakeOver(Assigned, new TakeOverRequest("a2", Roles.Agent), Now);
        var queued = SessionRules.TakeOver(Assigned with { Status = SessionStatus.Queued, AgentId = null }, new TakeOverRequest("sup-1", Roles.Supervisor), Now);
        var resolved = SessionRules.TakeOver(Assigned with { Status = SessionStatus.Resolved }, new TakeOverRequest("sup-1", Roles.Supervisor), Now);

        Assert.Equal(SupportErrorCode.Forbidden, byAgent.Refusal!.Code);
        Assert.Equal(SupportErrorCode.Conflict, queued.Refusal!.Code);
        Assert.Equal(SupportErrorCode.Conflict, resolved.Refusal!.Code);
    }
}
