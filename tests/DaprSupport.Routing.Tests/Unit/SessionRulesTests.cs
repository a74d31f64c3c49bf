using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>The session status machine as pure rules: every transition and every refusal, with no actor or store.</summary>
public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionSnapshot Fresh = new("acme", "s-1", SessionStatus.None, null, null, null, 0);
    private static readonly SessionSnapshot Queued = SessionRules.Create(Fresh, Start("v1"), "billing", Now.AddMinutes(-5)).Next!;
    private static readonly SessionSnapshot Offered = SessionRules.Offer(Queued, new OfferRequest("a1", "o1", Now.AddSeconds(20))).Next!;
    private static readonly SessionSnapshot Assigned = SessionRules.Accept(Offered, new AcceptRequest("a1"), Now).Next!;

    [Fact]
    public void A_start_queues_the_session_and_a_retried_start_changes_nothing()
    {
        Assert.Equal((SessionStatus.Queued, "billing", "v1", Now.AddMinutes(-5)), (Queued.Status, Queued.Skill, Queued.VisitorId, Queued.QueuedAt));
        Assert.True(SessionRules.Create(Queued, Start("v1"), "billing", Now).IsUnchanged);
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.Create(Queued, Start("v2"), "billing", Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.InvalidArgument, SessionRules.Create(Fresh, Start(" "), "billing", Now).Refusal!.Code);
    }

    [Fact]
    public void An_offer_needs_a_waiting_session_and_a_targeted_one_keeps_its_target_until_accepted()
    {
        Assert.Equal((SessionStatus.Offered, "a1", "o1"), (Offered.Status, Offered.OfferedTo, Offered.OfferId));
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.Offer(Assigned, new OfferRequest("a2", "o2", Now)).Refusal!.Code);
        Assert.Equal(SupportErrorCode.NotFound, SessionRules.Offer(Fresh, new OfferRequest("a2", "o2", Now)).Refusal!.Code);
        var targeted = Queued with { TargetAgentId = "a3" };

        // The router decides whom to offer: the named agent, or the skill's agents once it falls back (RoutingPlan).
        var elsewhere = SessionRules.Offer(targeted, new OfferRequest("a2", "o2", Now)).Next!;
        Assert.Equal(("a2", "a3"), (elsewhere.OfferedTo, elsewhere.TargetAgentId));
        Assert.NotNull(SessionRules.Offer(targeted, new OfferRequest("a3", "o2", Now)).Next);
    }

    [Fact]
    public void Withdrawing_the_open_offer_puts_the_session_back_in_its_queue()
    {
        var back = SessionRules.WithdrawOffer(Offered, "o1").Next!;

        Assert.Equal((SessionStatus.Queued, null, null, null), (back.Status, back.OfferedTo, back.OfferId, back.OfferExpiresAt));
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.WithdrawOffer(Offered, "o-old").Refusal!.Code);
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.WithdrawOffer(Queued, "o1").Refusal!.Code);
    }

    [Fact]
    public void Only_the_offered_agent_accepts_before_the_offer_expires()
    {
        Assert.Equal((SessionStatus.Assigned, "a1", Now, null), (Assigned.Status, Assigned.AgentId, Assigned.AssignedAt, Assigned.OfferId));
        Assert.True(SessionRules.Accept(Assigned, new AcceptRequest("a1"), Now).IsUnchanged);
        var other = SessionRules.Accept(Offered, new AcceptRequest("a2"), Now);
        Assert.Equal((SupportErrorCode.Conflict, true), (other.Refusal!.Code, other.Replayable));
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.Accept(Offered, new AcceptRequest("a1"), Now.AddMinutes(1)).Refusal!.Code);
        Assert.Equal(SupportErrorCode.NotFound, SessionRules.Accept(Fresh, new AcceptRequest("a1"), Now).Refusal!.Code);
    }

    [Fact]
    public void A_transfer_goes_back_to_a_queue_to_exactly_one_agent_or_skill()
    {
        var toSkill = SessionRules.Transfer(Assigned, new TransferRequest("a1", Roles.Agent, null, " sales "), Now).Next!;
        Assert.Equal((SessionStatus.Queued, "sales", null, null, Now), (toSkill.Status, toSkill.Skill, toSkill.AgentId, toSkill.TargetAgentId, toSkill.QueuedAt));
        var toAgent = SessionRules.Transfer(Assigned, new TransferRequest("boss", Roles.Supervisor, "a2", null), Now).Next!;
        Assert.Equal(("billing", "a2"), (toAgent.Skill, toAgent.TargetAgentId));

        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.Transfer(Assigned, new TransferRequest("a2", Roles.Agent, null, "x"), Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.InvalidArgument, SessionRules.Transfer(Assigned, new TransferRequest("a1", Roles.Agent, "a2", "x"), Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.InvalidArgument, SessionRules.Transfer(Assigned, new TransferRequest("a1", Roles.Agent, null, null), Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.InvalidArgument, SessionRules.Transfer(Assigned, new TransferRequest("a1", Roles.Agent, "a1", null), Now).Refusal!.Code);
        var queued = SessionRules.Transfer(Queued, new TransferRequest("a1", Roles.Agent, null, "x"), Now);
        Assert.Equal((SupportErrorCode.Conflict, true), (queued.Refusal!.Code, queued.Replayable));
    }

    [Fact]
    public void The_visitor_the_assigned_agent_or_a_supervisor_resolves_and_an_untaken_session_ends_abandoned()
    {
        var resolved = SessionRules.Resolve(Assigned, new ResolveRequest("a1", Roles.Agent), Now).Next!;
        Assert.Equal((SessionStatus.Resolved, Now), (resolved.Status, resolved.ResolvedAt));
        Assert.True(SessionRules.WasAnswered(Assigned));

        Assert.NotNull(SessionRules.Resolve(Offered, new ResolveRequest("v1", Roles.Visitor), Now).Next);
        Assert.False(SessionRules.WasAnswered(Offered));
        Assert.NotNull(SessionRules.Resolve(Queued, new ResolveRequest("boss", Roles.Supervisor), Now).Next);
        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.Resolve(Queued, new ResolveRequest("v2", Roles.Visitor), Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.Resolve(Offered, new ResolveRequest("a1", Roles.Agent), Now).Refusal!.Code);
        var again = SessionRules.Resolve(resolved, new ResolveRequest("a1", Roles.Agent), Now);
        Assert.Equal((SupportErrorCode.Conflict, true), (again.Refusal!.Code, again.Replayable));
    }

    [Fact]
    public void Its_visitor_reopens_a_resolved_session_within_the_window()
    {
        var resolved = SessionRules.Resolve(Assigned, new ResolveRequest("a1", Roles.Agent), Now).Next!;
        var window = TimeSpan.FromHours(1);

        var reopened = SessionRules.Reopen(resolved, new ReopenRequest("v1", Roles.Visitor), Now.AddMinutes(59), window).Next!;
        Assert.Equal((SessionStatus.Queued, null, null), (reopened.Status, reopened.AgentId, reopened.ResolvedAt));
        Assert.Equal(SupportErrorCode.Conflict, SessionRules.Reopen(resolved, new ReopenRequest("v1", Roles.Visitor), Now.AddMinutes(61), window).Refusal!.Code);
        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.Reopen(resolved, new ReopenRequest("v2", Roles.Visitor), Now, window).Refusal!.Code);
        Assert.True(SessionRules.Reopen(Queued, new ReopenRequest("v1", Roles.Visitor), Now, window).Replayable);
    }

    [Theory]
    [InlineData(Roles.Visitor, "v1", "hi", null)]
    [InlineData(Roles.Agent, "a1", "hi", null)]
    [InlineData(Roles.Supervisor, "boss", "hi", null)]
    [InlineData(Roles.Visitor, "v2", "hi", SupportErrorCode.Forbidden)]
    [InlineData(Roles.Agent, "a2", "hi", SupportErrorCode.Forbidden)]
    [InlineData("robot", "r", "hi", SupportErrorCode.Forbidden)]
    [InlineData(Roles.Visitor, "v1", "", SupportErrorCode.InvalidArgument)]
    public void Who_may_write_in_an_assigned_session(string role, string id, string text, SupportErrorCode? refused)
    {
        Assert.Equal(refused, SessionRules.RefuseText(Assigned, new AppendTextRequest("m", role, id, null, text))?.Code);
    }

    [Fact]
    public void A_client_msg_id_longer_than_the_limit_is_refused_and_one_at_the_limit_is_written()
    {
        var atLimit = new string('m', SessionLimits.MaxClientMsgIdLength);

        Assert.Null(SessionRules.RefuseText(Assigned, new AppendTextRequest(atLimit, Roles.Visitor, "v1", null, "x")));
        Assert.Equal(SupportErrorCode.InvalidArgument,
            SessionRules.RefuseText(Assigned, new AppendTextRequest(atLimit + "m", Roles.Visitor, "v1", null, "x"))?.Code);
    }

    [Fact]
    public void Nobody_writes_in_a_resolved_or_unknown_session_and_the_agent_only_once_assigned()
    {
        var resolved = SessionRules.Resolve(Assigned, new ResolveRequest("a1", Roles.Agent), Now).Next!;

        Assert.Equal(SupportErrorCode.Conflict, SessionRules.RefuseText(resolved, new AppendTextRequest("m", Roles.Visitor, "v1", null, "x"))!.Code);
        Assert.Equal(SupportErrorCode.NotFound, SessionRules.RefuseText(Fresh, new AppendTextRequest("m", Roles.Visitor, "v1", null, "x"))!.Code);
        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.RefuseText(Offered, new AppendTextRequest("m", Roles.Agent, "a1", null, "x"))!.Code);
    }

    [Theory]
    [InlineData(Roles.Agent, "a1", null)]
    [InlineData(Roles.Supervisor, "s1", null)]
    [InlineData(Roles.Visitor, "v1", SupportErrorCode.Forbidden)]
    [InlineData(Roles.Agent, "a2", SupportErrorCode.Forbidden)]
    public void Notes_are_written_by_the_assigned_agent_and_supervisors_only(string role, string id, SupportErrorCode? refused)
    {
        Assert.Equal(refused, SessionRules.RefuseText(Assigned, new AppendTextRequest("m", role, id, null, "internal", Note: true))?.Code);
    }

    [Fact]
    public void A_session_keeps_the_context_it_was_created_with()
    {
        var context = new VisitorContext("https://acme.test/pricing", new Dictionary<string, string> { ["order"] = "A-1" });

        var created = SessionRules.Create(Fresh, new CreateSessionRequest("v1", null, null, 0, "m1", "hi", context), "general", Now).Next!;

        Assert.Same(context, created.Context);
    }

    [Fact]
    public void Read_marks_are_clamped_only_move_forward_and_belong_to_the_visitor_and_the_assigned_agent()
    {
        var session = Assigned with { LastSeq = 10 };

        var (_, mark) = SessionRules.MarkRead(session, new MarkReadRequest(Roles.Visitor, "v1", 99), Now);
        Assert.Equal(10, mark!.Seq);
        var marked = SessionRules.WithMark(session, mark);
        Assert.Equal((null, null), SessionRules.MarkRead(marked, new MarkReadRequest(Roles.Visitor, "v1", 10), Now));
        var (_, agent) = SessionRules.MarkRead(marked, new MarkReadRequest(Roles.Agent, "a1", 4), Now);
        Assert.Equal(2, SessionRules.WithMark(marked, agent!).ReadMarks!.Count);
        Assert.Equal(SupportErrorCode.Forbidden, SessionRules.MarkRead(session, new MarkReadRequest(Roles.Supervisor, "boss", 3), Now).Refusal!.Code);
        Assert.Equal(SupportErrorCode.NotFound, SessionRules.MarkRead(Fresh, new MarkReadRequest(Roles.Visitor, "v1", 3), Now).Refusal!.Code);
    }

    [Fact]
    public void A_read_mark_is_due_for_saving_when_the_reader_has_none_stored_or_the_stored_one_is_old()
    {
        var session = Assigned with { LastSeq = 10 };
        var every = TimeSpan.FromSeconds(30);
        var (_, first) = SessionRules.MarkRead(session, new MarkReadRequest(Roles.Visitor, "v1", 3), Now);
        Assert.True(SessionRules.MarkIsDue(session, first!, every));

        var stored = SessionRules.WithMark(session, first!);
        var (_, soon) = SessionRules.MarkRead(stored, new MarkReadRequest(Roles.Visitor, "v1", 5), Now.AddSeconds(29));
        var (_, later) = SessionRules.MarkRead(stored, new MarkReadRequest(Roles.Visitor, "v1", 6), Now.AddSeconds(30));
        var (_, agent) = SessionRules.MarkRead(stored, new MarkReadRequest(Roles.Agent, "a1", 4), Now.AddSeconds(1));
        Assert.False(SessionRules.MarkIsDue(stored, soon!, every));
        Assert.True(SessionRules.MarkIsDue(stored, later!, every));
        Assert.True(SessionRules.MarkIsDue(stored, agent!, every)); // each reader's own stored mark
        Assert.True(SessionRules.MarkIsDue(stored, soon!, TimeSpan.Zero));
    }

    [Fact]
    public void An_sla_timer_finds_a_breach_only_while_the_session_is_still_in_breach()
    {
        Assert.Equal(SlaBreach.FirstResponse, SessionRules.Breached(Assigned, SlaBreach.FirstResponse));
        Assert.Null(SessionRules.Breached(Assigned with { FirstResponseAt = Now }, SlaBreach.FirstResponse));
        Assert.Null(SessionRules.Breached(Queued, SlaBreach.FirstResponse));
        Assert.Equal(SlaBreach.Resolution, SessionRules.Breached(Queued, SlaBreach.Resolution));
        Assert.Null(SessionRules.Breached(Assigned with { Status = SessionStatus.Resolved }, SlaBreach.Resolution));
    }

    private static CreateSessionRequest Start(string visitorId) => new(visitorId, "Vera", "billing", 0, "c1", "hello");
}
