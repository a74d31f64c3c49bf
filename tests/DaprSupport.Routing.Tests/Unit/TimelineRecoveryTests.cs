using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// What activation rebuilds from the items after the saved seq (<see cref="TimelineRecovery"/>) is what the append
/// turns had in memory (<see cref="TextRules"/>), and what a failed turn left behind is set apart as orphans.
/// </summary>
public sealed class TimelineRecoveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static SessionRecord Saved(SessionStatus status = SessionStatus.Assigned, long lastSeq = 3) => new(
        new SessionSnapshot("t", "s-1", status, "general", "v-1", "alice", lastSeq, CreatedAt: T0, QueuedAt: T0,
            AssignedAt: status == SessionStatus.Assigned ? T0 : null, Version: 7),
        new Dictionary<string, long>(StringComparer.Ordinal) { ["m-0"] = 1 });

    private static TimelineItem Text(long seq, string role, string id, string? clientMsgId, int minute,
        TimelineItemKind kind = TimelineItemKind.Text) =>
        new("t", "s-1", seq, kind, null, new Participant(role, id, null), "x", T0.AddMinutes(minute), clientMsgId);

    [Fact]
    public void Recovery_ends_with_the_record_the_turns_had_in_memory()
    {
        TimelineItem[] items =
        [
            Text(4, Roles.Visitor, "v-1", "m-1", 1),
            Text(5, Roles.Agent, "alice", "m-2", 2, TimelineItemKind.Note),
            Text(6, Roles.Agent, "alice", "m-3", 3),
            Text(7, Roles.Visitor, "v-1", "m-4", 4),
        ];
        var live = items.Aggregate(Saved(), (record, item) => TextRules.Apply(record, item, awaitsReplies: true));

        var (recovered, orphans) = TimelineRecovery.Recover(Saved(), items, awaitsReplies: true);

        Assert.Empty(orphans);
        Assert.Equal(7, recovered.Session.LastSeq);
        Assert.Equal(live.Session, recovered.Session);
        Assert.Equal(live.ClientMessages, recovered.ClientMessages);
        Assert.Equal(new Dictionary<string, long> { ["m-0"] = 1, ["m-1"] = 4, ["m-2"] = 5, ["m-3"] = 6, ["m-4"] = 7 },
            recovered.ClientMessages);
        Assert.True(recovered.AgentReplied);
        Assert.Equal(T0.AddMinutes(3), recovered.Session.FirstResponseAt);
        Assert.Equal(T0.AddMinutes(4), recovered.UnansweredSince);
        Assert.Equal(7 + 4, recovered.Session.Version);
    }

    [Fact]
    public void A_note_is_no_first_response_and_the_agents_text_answers_the_waiting_visitor()
    {
        var waiting = TextRules.Apply(Saved(), Text(4, Roles.Visitor, "v-1", null, 1), awaitsReplies: true);
        var noted = TextRules.Apply(waiting, Text(5, Roles.Agent, "alice", null, 2, TimelineItemKind.Note), true);
        var answered = TextRules.Apply(waiting, Text(5, Roles.Agent, "alice", null, 2), awaitsReplies: true);

        Assert.Equal(T0.AddMinutes(1), waiting.UnansweredSince);
        Assert.False(noted.AgentReplied);
        Assert.Null(noted.Session.FirstResponseAt);
        Assert.True(answered.AgentReplied);
        Assert.Null(answered.UnansweredSince);
        Assert.Null(TextRules.Apply(Saved(), Text(4, Roles.Visitor, "v-1", null, 1), false).UnansweredSince);
    }

    [Fact]
    public void An_event_after_the_saved_seq_and_everything_after_it_are_orphans()
    {
        TimelineItem[] items =
        [
            Text(4, Roles.Visitor, "v-1", "m-1", 1),
            Text(5, Roles.System, "router", null, 2, TimelineItemKind.Event),
            Text(6, Roles.Visitor, "v-1", "m-2", 3),
        ];

        var (recovered, orphans) = TimelineRecovery.Recover(Saved(), items, awaitsReplies: false);

        Assert.Equal(4, recovered.Session.LastSeq);
        Assert.Equal([5L, 6L], orphans);
        Assert.False(recovered.ClientMessages.ContainsKey("m-2"));
    }

    [Fact]
    public void Recovery_stops_at_a_gap_and_a_session_never_created_reads_nothing()
    {
        var (recovered, orphans) = TimelineRecovery.Recover(
            Saved(), [Text(4, Roles.Visitor, "v-1", null, 1), Text(6, Roles.Visitor, "v-1", null, 2)], false);

        Assert.Equal(4, recovered.Session.LastSeq);
        Assert.Empty(orphans);
        Assert.False(TimelineRecovery.MayHaveUnsaved(Saved(SessionStatus.None, 0)));
        Assert.True(TimelineRecovery.MayHaveUnsaved(Saved(SessionStatus.Queued)));
    }
}
