using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Jobs;

namespace DaprSupport.Routing.Tests.Jobs;

/// <summary>What housekeeping does to one session, the job ledger's admission and the open-session index, pure.</summary>
public sealed class HousekeepingRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly HousekeepingLimits Limits = new(TimeSpan.FromMinutes(10), TimeSpan.FromHours(2));

    private static SessionSnapshot Session(SessionStatus status) =>
        new("t", "s-1", status, "general", "v1", status == SessionStatus.Assigned ? "alice" : null, 2, CreatedAt: T0, QueuedAt: T0,
            AssignedAt: status == SessionStatus.Assigned ? T0 : null, Version: 4);

    private static TimelineItem Text(string role, string id, DateTimeOffset at) =>
        new("t", "s-1", 1, TimelineItemKind.Text, null, new Participant(role, id, null), "hi", at, null);

    [Theory]
    [InlineData(true, HousekeepActions.Open)]
    [InlineData(false, null)]
    public void An_offline_ticket_is_opened_only_when_the_hours_are_open(bool open, string? expected) =>
        Assert.Equal(expected, HousekeepingRules.Decide(Session(SessionStatus.Offline), [], T0.AddDays(3), open, Limits));

    [Fact]
    public void A_queued_session_is_abandoned_once_its_visitor_has_been_silent_for_the_limit()
    {
        var session = Session(SessionStatus.Queued);
        List<TimelineItem> tail = [Text(Roles.Visitor, "v1", T0.AddMinutes(5)), Text(Roles.System, "router", T0.AddMinutes(9))];

        Assert.Null(HousekeepingRules.Decide(session, tail, T0.AddMinutes(14), true, Limits));
        Assert.Equal(HousekeepActions.Abandon, HousekeepingRules.Decide(session, tail, T0.AddMinutes(15), true, Limits));
    }

    [Fact]
    public void A_visitors_read_mark_counts_as_activity()
    {
        var session = Session(SessionStatus.Queued) with
        {
            ReadMarks = [new ReadMark(new Participant(Roles.Visitor, "v1", null), 1, T0.AddMinutes(8))],
        };

        Assert.Null(HousekeepingRules.Decide(session, [], T0.AddMinutes(17), false, Limits));
        Assert.Equal(HousekeepActions.Abandon, HousekeepingRules.Decide(session, [], T0.AddMinutes(18), false, Limits));
    }

    [Fact]
    public void A_queued_session_that_began_as_an_offline_ticket_is_never_abandoned_for_its_visitors_absence() =>
        Assert.Null(HousekeepingRules.Decide(
            Session(SessionStatus.Queued) with { OfflineAt = T0 }, [], T0.AddDays(2), true, Limits));

    [Fact]
    public void An_assigned_session_is_resolved_after_the_limit_with_no_timeline_item_from_anyone()
    {
        var session = Session(SessionStatus.Assigned);
        List<TimelineItem> tail = [Text(Roles.Agent, "alice", T0.AddHours(1))];

        Assert.Null(HousekeepingRules.Decide(session, tail, T0.AddHours(3).AddMinutes(-1), true, Limits));
        Assert.Equal(HousekeepActions.Resolve, HousekeepingRules.Decide(session, tail, T0.AddHours(3), true, Limits));
    }

    [Theory]
    [InlineData(SessionStatus.Offered)]
    [InlineData(SessionStatus.Resolved)]
    public void Offered_and_resolved_sessions_are_left_alone(SessionStatus status) =>
        Assert.Null(HousekeepingRules.Decide(Session(status), [], T0.AddDays(30), true, Limits));

    [Theory]
    [InlineData(HousekeepActions.Abandon, SessionStatus.Queued, 4, true)]
    [InlineData(HousekeepActions.Abandon, SessionStatus.Queued, 3, false)]
    [InlineData(HousekeepActions.Abandon, SessionStatus.Assigned, 4, false)]
    [InlineData(HousekeepActions.Resolve, SessionStatus.Assigned, 4, true)]
    [InlineData(HousekeepActions.Open, SessionStatus.Offline, 4, true)]
    [InlineData(HousekeepActions.Open, SessionStatus.Queued, 4, false)]
    public void A_decision_applies_only_to_the_version_and_status_it_was_made_on(string action, SessionStatus status, long version, bool applies) =>
        Assert.Equal(applies, HousekeepingRules.StillApplies(Session(status), new HousekeepRequest(action, version)));

    [Theory]
    [InlineData(5, 2, 6, 2, true)]
    [InlineData(5, 2, 5, 3, false)]
    [InlineData(5, 2, 6, 1, false)]
    [InlineData(5, 2, 9, 7, true)]
    public void The_ledger_admits_a_later_period_under_a_token_not_lower(long lastPeriod, long lastFence, long period, long fence, bool admitted) =>
        Assert.Equal(admitted, JobLedgerRules.Admits(new JobRun(lastPeriod, lastFence, "a"), new JobRun(period, fence, "b")));

    [Fact]
    public void A_session_queued_more_recently_than_the_shorter_limit_is_not_read()
    {
        // The shorter limit is the 10 minutes to abandon; an unknown queue time is always read.
        Assert.False(HousekeepingRules.MayApply(T0, T0 + TimeSpan.FromMinutes(9), Limits));
        Assert.True(HousekeepingRules.MayApply(T0, T0 + TimeSpan.FromMinutes(10), Limits));
        Assert.True(HousekeepingRules.MayApply(null, T0, Limits));
        Assert.False(HousekeepingRules.MayApply(T0, T0 + TimeSpan.FromMinutes(9), Limits with { ResolveIdleAfter = TimeSpan.FromMinutes(20) }));
        Assert.True(HousekeepingRules.MayApply(T0, T0 + TimeSpan.FromMinutes(5), Limits with { ResolveIdleAfter = TimeSpan.FromMinutes(5) }));

        // Whenever a rule would act, the session is read: the visitor is quiet since the queueing at the latest, and an
        // assigned session's last activity is no earlier than its assignment, which came after.
        var late = T0 + Limits.AbandonQueuedAfter;
        Assert.Equal(HousekeepActions.Abandon, HousekeepingRules.Decide(Session(SessionStatus.Queued), [], late, false, Limits));
        Assert.True(HousekeepingRules.MayApply(Session(SessionStatus.Queued).QueuedAt, late, Limits));
    }

    [Fact]
    public void The_index_remembers_when_a_listed_session_was_last_queued_and_forgets_it_on_any_other_change()
    {
        var queuedAt = new Dictionary<string, DateTimeOffset>();
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-1", SessionStatus.Queued, 3, T0), IndexChange.Added);
        Assert.Equal(T0, queuedAt["s-1"]);

        // A requeue moves it on; a late event changes nothing.
        var later = T0 + TimeSpan.FromMinutes(5);
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-1", SessionStatus.Queued, 6, later), IndexChange.Newer);
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-1", SessionStatus.Queued, 2, T0), IndexChange.None);
        Assert.Equal(later, queuedAt["s-1"]);

        // Offline (the hours may open at any sweep), a track without a time, and leaving all forget it.
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-1", SessionStatus.Offline, 7), IndexChange.Newer);
        Assert.False(queuedAt.ContainsKey("s-1"));
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-2", SessionStatus.Queued, 1, T0), IndexChange.Added);
        OpenSessionIndexRules.ApplyQueuedAt(queuedAt, new TrackedSession("s-2", SessionStatus.Resolved, 2, T0), IndexChange.Removed);
        Assert.Empty(queuedAt);
    }

    [Fact]
    public void The_index_keeps_open_sessions_by_their_latest_version_and_drops_resolved_ones()
    {
        var open = new Dictionary<string, long>();
        Track(open, new TrackedSession("s-1", SessionStatus.Queued, 3), IndexChange.Added);
        Track(open, new TrackedSession("s-1", SessionStatus.Resolved, 2), IndexChange.None);
        Assert.Equal(3, open["s-1"]);
        Track(open, new TrackedSession("s-1", SessionStatus.Queued, 3), IndexChange.None);
        Track(open, new TrackedSession("s-1", SessionStatus.Assigned, 4), IndexChange.Newer);
        Assert.Equal(4, open["s-1"]);
        Track(open, new TrackedSession("s-1", SessionStatus.Resolved, 5), IndexChange.Removed);
        Assert.Empty(open);
        Track(open, new TrackedSession("s-2", SessionStatus.Resolved, 1), IndexChange.None);
        Assert.Empty(open);
    }

    [Theory]
    [InlineData(SessionChanges.Queued, true)]
    [InlineData(SessionChanges.Offline, true)]
    [InlineData(SessionChanges.Reopened, true)]
    [InlineData(SessionChanges.Requeued, true)]
    [InlineData(SessionChanges.Transferred, true)]
    [InlineData(SessionChanges.Resolved, true)]
    [InlineData(SessionChanges.Offered, false)]
    [InlineData(SessionChanges.Assigned, false)]
    [InlineData(SessionChanges.OfferWithdrawn, false)]
    [InlineData(SessionChanges.TakenOver, false)]
    [InlineData("a change of a later version", true)]
    public void Only_changes_that_can_add_or_remove_a_session_reach_its_index_share(string change, bool concerns) =>
        Assert.Equal(concerns, OpenSessionIndexRules.Concerns(change));

    [Fact]
    public void A_tenants_index_is_shared_out_by_session_id_and_the_unsharded_one_is_the_tenant()
    {
        var ids = Enumerable.Range(0, 400).Select(i => OpenSessionIndexRules.ActorId("demo", $"s-{i}").GetId()).ToHashSet();

        Assert.Equal(OpenSessionIndexRules.Buckets, ids.Count);
        Assert.Equal(OpenSessionIndexRules.ActorId("demo", "s-7"), OpenSessionIndexRules.ActorId("demo", "s-7"));
        Assert.All(ids, id => Assert.StartsWith("demo:index-", id, StringComparison.Ordinal));
        Assert.Equal("demo", OpenSessionIndexRules.Unsharded("demo").GetId());
    }

    private static void Track(Dictionary<string, long> open, TrackedSession change, IndexChange expected)
    {
        var decided = OpenSessionIndexRules.Decide(open, change);
        Assert.Equal(expected, decided);
        OpenSessionIndexRules.Apply(open, change, decided);
    }
}
