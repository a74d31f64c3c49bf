using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Visitors;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>The visitor cap's decisions (<see cref="OpenSessions"/>, <see cref="SessionAdmission.Invalid"/>), without actors.</summary>
public sealed class OpenSessionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_session_is_admitted_while_the_visitor_holds_fewer_than_max()
    {
        var held = OpenSessions.Admit([], "s1", 2, Now)!;
        held = OpenSessions.Admit(held, "s2", 2, Now)!;

        Assert.Equal(["s1", "s2"], held.Select(s => s.SessionId));
        Assert.Null(OpenSessions.Admit(held, "s3", 2, Now));
    }

    [Fact]
    public void A_session_the_visitor_holds_is_admitted_again_at_the_cap()
    {
        IReadOnlyList<OpenSlot> held = [new("s1", Now), new("s2", Now)];

        Assert.Same(held, OpenSessions.Admit(held, "s2", 2, Now));
    }

    [Theory]
    [InlineData(SessionStatus.Queued, 0, true)]
    [InlineData(SessionStatus.Offered, 0, true)]
    [InlineData(SessionStatus.Assigned, 600, true)]
    [InlineData(SessionStatus.Resolved, 0, false)]
    [InlineData(SessionStatus.None, 30, true)]
    [InlineData(SessionStatus.None, 61, false)]
    public void A_slot_is_given_back_when_its_session_ended_or_never_appeared(SessionStatus status, int ageSeconds, bool held)
    {
        var slot = new OpenSlot("s1", Now.AddSeconds(-ageSeconds));

        Assert.Equal(held, OpenSessions.StillHeld(slot, status, Now, Grace));
    }

    [Theory]
    [InlineData("v1", null, 0, null)]
    [InlineData("v1", "billing", SessionLimits.MaxPriority, null)]
    [InlineData("v1", "tier-2.eu:vip_x", 1, null)]
    [InlineData(" ", null, 0, SupportErrorCode.InvalidArgument)]
    [InlineData("v1", null, -1, SupportErrorCode.InvalidArgument)]
    [InlineData("v1", null, 1_000_000, SupportErrorCode.InvalidArgument)]
    [InlineData("v1", "two words", 0, SupportErrorCode.InvalidArgument)]
    [InlineData("v1", "é", 0, SupportErrorCode.InvalidArgument)]
    public void Create_values_are_bounded(string visitor, string? skill, int priority, SupportErrorCode? refused)
    {
        var error = SessionAdmission.Invalid(new CreateSessionRequest(visitor, null, skill, priority, "m1", "hi"));

        Assert.Equal(refused, error?.Code);
    }

    [Fact]
    public void A_client_msg_id_longer_than_the_limit_is_refused()
    {
        Assert.Null(SessionAdmission.Invalid(new CreateSessionRequest("v1", null, null, 0, new string('m', SessionLimits.MaxClientMsgIdLength), "hi")));
        Assert.Equal(SupportErrorCode.InvalidArgument, SessionAdmission.Invalid(
            new CreateSessionRequest("v1", null, null, 0, new string('m', SessionLimits.MaxClientMsgIdLength + 1), "hi"))?.Code);
    }

    [Fact]
    public void A_skill_longer_than_the_limit_is_refused() =>
        Assert.NotNull(SessionAdmission.Invalid(new CreateSessionRequest("v1", null, new string('a', SessionLimits.MaxSkillLength + 1), 0, null, null)));

    [Fact]
    public void The_history_keeps_the_newest_sessions_first_once_each_up_to_the_limit()
    {
        IReadOnlyList<OpenSlot> history = [];
        for (var i = 0; i < VisitorSessionSummary.MaxRemembered + 3; i++)
        {
            history = OpenSessions.Remember(history, $"s{i}", Now.AddSeconds(i));
        }

        var again = OpenSessions.Remember(history, "s22", Now.AddHours(1));

        Assert.Equal(VisitorSessionSummary.MaxRemembered, history.Count);
        Assert.Equal("s22", history[0].SessionId);
        Assert.Equal("s3", history[^1].SessionId);
        Assert.Same(history, again);
    }

    [Theory]
    [InlineData(2048, 8, 500, null)]
    [InlineData(2049, 0, 0, "context.page")]
    [InlineData(0, 9, 1, "context.fields")]
    [InlineData(0, 1, 501, "context.fields.f0")]
    public void A_start_context_is_bounded(int pageLength, int fieldCount, int valueLength, string? refusedField)
    {
        var fields = Enumerable.Range(0, fieldCount).ToDictionary(i => $"f{i}", _ => new string('v', valueLength));
        var request = new CreateSessionRequest("v1", null, null, 0, "m1", "hi", new VisitorContext(new string('p', pageLength), fields));

        var error = SessionAdmission.Invalid(request);

        Assert.Equal(refusedField, error?.Message.Split(' ')[0]);
    }
}
