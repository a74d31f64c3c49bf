using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Conversations;
using DaprSupport.Gateway.Realtime.Fanout;
using DaprSupport.Gateway.Tests.Unit.Fakes;
using DaprSupport.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using static DaprSupport.Gateway.Tests.Unit.Fakes.Sample;

namespace DaprSupport.Gateway.Tests.Unit;

/// <summary>
/// <see cref="SessionFollower"/> against a fake sessions service and a real <see cref="ReplicaFanout"/>, no sockets:
/// the order a client sees (docs/protocol.md "Ordering, delivery and idempotency"), and that access is re-checked
/// when a session changes hands or is pushed as assigned (security review C1, M2).
/// </summary>
public sealed class SessionFollowerTests : IDisposable
{
    private readonly FakeSessionsBackend _backend = new();
    private readonly ReplicaFanout _fanout = new();
    private readonly ConversationOutbound _outbound = new(4096, () => { });
    private readonly List<ReplicaEvent> _pushed = [];
    private readonly TaskCompletionSource<ItemsOverdue> _overdue = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _outbound.Dispose();
        _backend.Dispose();
    }

    [Fact]
    public async Task Following_sends_the_session_its_read_marks_and_then_history_in_seq_order()
    {
        var mark = new ReadMark(new Participant("agent", AgentId, "Ann"), 2, T0);
        var session = Session(lastSeq: 3) with { ReadMarks = [mark] };
        _backend.Append(Item(3), Item(1), Item(2));
        using var follower = Follower(Visitor);

        await follower.FollowAsync(session, 0, _outbound, CancellationToken.None);

        var frames = Drain();
        Assert.Equal(SessionId, Assert.IsType<SessionFrame>(frames[0]).SessionId);
        Assert.Equal(2, Assert.IsType<ReadReceiptFrame>(frames[1]).Seq);
        Assert.Equal([1L, 2L, 3L], frames.Skip(2).Select(f => Assert.IsType<ItemFrame>(f).Seq));
    }

    [Fact]
    public async Task An_item_committed_while_the_call_that_answers_with_the_session_runs_still_arrives()
    {
        _backend.Append(Item(1), Item(2));
        using var follower = Follower(Visitor);
        using var ahead = follower.ListenAheadOf(SessionId);

        // The call (a start, an accept) answers with last seq 2; item 3 is committed and published before the follow.
        _backend.Append(Item(3));
        _pushed.Clear();
        Assert.Equal(1, _fanout.Deliver(Item(3)));
        await follower.FollowAsync(Session(lastSeq: 2), 0, _outbound, CancellationToken.None, ahead);
        foreach (var pushed in _pushed.ToList())
        {
            await follower.OnPushedAsync(pushed, CancellationToken.None);
        }

        Assert.Equal([1L, 2L, 3L], Drain().OfType<ItemFrame>().Select(f => f.Seq));

        // History was read up to the answer's last seq (the sessions service need not ask the session again).
        Assert.Contains(_backend.Requests, r => r.EndsWith("/timeline?afterSeq=0&upToSeq=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Following_from_the_last_seq_of_a_session_read_after_listening_reads_no_history()
    {
        _backend.Store(Session(lastSeq: 2));
        _backend.Append(Item(1), Item(2));
        using var follower = Follower(Visitor);

        Assert.True(await follower.EnsureFollowingAsync(SessionId, null, _outbound, CancellationToken.None));

        Assert.DoesNotContain(_backend.Requests, r => r.Contains("/timeline", StringComparison.Ordinal));
        Assert.Equal(1, _fanout.Deliver(Item(3)));
    }

    [Fact]
    public async Task A_listener_for_another_session_is_not_taken_and_ends_with_its_owner()
    {
        _backend.Append(Item(1));
        using var follower = Follower(Visitor);
        var other = SessionIds.ForStart(Tenant, "someone", "m-1");
        var ahead = follower.ListenAheadOf(other);

        await follower.FollowAsync(Session(lastSeq: 1), 0, _outbound, CancellationToken.None, ahead);
        ahead.Dispose();

        // The session's own history read is bounded by its actor (no upToSeq); the stray listener is gone.
        Assert.Contains(_backend.Requests, r => r.EndsWith("/timeline?afterSeq=0", StringComparison.Ordinal));
        Assert.Equal(0, _fanout.Deliver(Item(1, other)));
        Assert.Equal(1, _fanout.Deliver(Item(2)));
    }

    [Fact]
    public async Task An_early_item_is_held_and_the_gap_before_it_is_filled_from_history()
    {
        _backend.Store(Session(lastSeq: 2));
        _backend.Append(Item(1), Item(2));
        using var follower = Follower(Visitor);
        Assert.True(await follower.EnsureFollowingAsync(SessionId, null, _outbound, CancellationToken.None));
        Drain();

        // 3 is durable but its live event is late; 4 arrives first.
        _backend.Append(Item(3), Item(4));
        await PushAsync(follower, () => _fanout.Deliver(Item(4)));
        await PushAsync(follower, () => _fanout.Deliver(Item(3)));

        Assert.Equal([3L, 4L], Drain().Select(f => Assert.IsType<ItemFrame>(f).Seq));
    }

    [Fact]
    public async Task Following_from_0_reads_a_long_timeline_page_by_page_and_sends_every_item_once_in_order()
    {
        const int Items = (2 * SessionLimits.MaxTimelinePage) + 1;
        _backend.Append([.. Enumerable.Range(1, Items).Select(seq => Item(seq))]);
        using var follower = Follower(Visitor);

        await follower.FollowAsync(Session(lastSeq: Items), 0, _outbound, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, Items).Select(seq => (long)seq), Drain().OfType<ItemFrame>().Select(f => f.Seq));
        Assert.Equal(3, _backend.Requests.Count(r => r.Contains("/timeline?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Resuming_a_followed_long_session_from_0_replays_every_page()
    {
        const int Items = SessionLimits.MaxTimelinePage + 2;
        var session = Session(lastSeq: Items);
        _backend.Append([.. Enumerable.Range(1, Items).Select(seq => Item(seq))]);
        using var follower = Follower(Visitor);
        await follower.FollowAsync(session, Items, _outbound, CancellationToken.None);
        Drain();

        await follower.FollowAsync(session, 0, _outbound, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, Items).Select(seq => (long)seq), Drain().OfType<ItemFrame>().Select(f => f.Seq));
    }

    [Fact]
    public async Task Items_a_session_change_reports_that_never_arrive_live_are_read_from_history()
    {
        _backend.Append(Item(1), Item(2));
        using var follower = Follower(Visitor);
        await follower.FollowAsync(Session(lastSeq: 2), 0, _outbound, CancellationToken.None);
        Drain();

        // Item 3 is durable but its live event was lost with a failed publish; the session's change did arrive.
        _backend.Append(Item(3));
        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(SessionStatus.Resolved, lastSeq: 3, version: 2))));
        Assert.DoesNotContain(Drain(), f => f is ItemFrame);

        var overdue = await _overdue.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await follower.OnPushedAsync(overdue, CancellationToken.None);

        Assert.Equal([3L], Drain().OfType<ItemFrame>().Select(f => f.Seq));
        Assert.Equal((SessionId, 3L), (overdue.SessionId, overdue.UpToSeq));
    }

    [Fact]
    public async Task Items_that_arrive_live_before_the_check_are_not_read_again()
    {
        _backend.Append(Item(1));
        using var follower = Follower(Visitor);
        await follower.FollowAsync(Session(lastSeq: 1), 0, _outbound, CancellationToken.None);
        _backend.Append(Item(2));
        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(lastSeq: 2, version: 2))));
        await PushAsync(follower, () => _fanout.Deliver(Item(2)));
        var reads = _backend.Requests.Count(r => r.Contains("/timeline", StringComparison.Ordinal));

        await follower.OnPushedAsync(await _overdue.Task.WaitAsync(TimeSpan.FromSeconds(10)), CancellationToken.None);

        Assert.Equal(reads, _backend.Requests.Count(r => r.Contains("/timeline", StringComparison.Ordinal)));
        Assert.Equal([1L, 2L], Drain().OfType<ItemFrame>().Select(f => f.Seq));
    }

    [Fact]
    public async Task Resuming_a_followed_session_replays_only_what_the_client_missed()
    {
        var session = Session(lastSeq: 3);
        _backend.Append(Item(1), Item(2), Item(3));
        using var follower = Follower(Visitor);
        await follower.FollowAsync(session, 0, _outbound, CancellationToken.None);
        Drain();

        await follower.FollowAsync(session, 1, _outbound, CancellationToken.None);

        // The same version of the session is not shown twice.
        Assert.Equal([2L, 3L], Drain().Select(f => Assert.IsType<ItemFrame>(f).Seq));
    }

    [Fact]
    public async Task A_session_change_older_than_the_one_shown_is_dropped()
    {
        using var follower = Follower(Visitor);
        await follower.FollowAsync(Session(version: 3), 0, _outbound, CancellationToken.None);
        Drain();

        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(SessionStatus.Offered, version: 2))));
        Assert.Empty(Drain());

        await PushAsync(follower, () => _fanout.Deliver(Changed(AssignedTo(AgentId, version: 4))));
        var shown = Assert.IsType<SessionFrame>(Assert.Single(Drain()));
        Assert.Equal(("assigned", AgentId), (shown.Status, shown.AgentId));
    }

    [Fact]
    public async Task A_queue_position_pushed_after_the_status_change_is_shown_with_the_same_status()
    {
        using var follower = Follower(Visitor);
        await follower.FollowAsync(Session(version: 1) with { Position = 3 }, 0, _outbound, CancellationToken.None);
        Drain();

        await PushAsync(follower, () => _fanout.Deliver(
            new Contracts.Routing.QueuePositions(Tenant, "billing", T0.AddSeconds(5), ["other", SessionId])));

        var moved = Assert.IsType<SessionFrame>(Assert.Single(Drain()));
        Assert.Equal(("queued", 2), (moved.Status, moved.Position));
    }

    [Fact]
    public async Task A_pushed_assignment_is_followed_only_when_a_fresh_read_confirms_it()
    {
        _backend.Store(AssignedTo(OtherAgentId, version: 5, lastSeq: 1));
        _backend.Append(Item(1));
        using var follower = Follower(Agent);

        // Pushed on the agent's own key (AgentFeed listens there): a forged or stale snapshot naming this agent.
        // The session is read again, and it is someone else's.
        await follower.OnPushedAsync(new SessionChangeArrived(Changed(AssignedTo(AgentId, 9))), CancellationToken.None);
        Assert.False(follower.IsFollowing(SessionId));
        Assert.Empty(Drain());
        Assert.Contains($"/v1/tenants/{Tenant}/sessions/{SessionId}", _backend.Requests);
        Assert.DoesNotContain(_backend.Requests, r => r.Contains("/timeline", StringComparison.Ordinal));

        _backend.Store(AssignedTo(AgentId, version: 6, lastSeq: 1));
        await follower.OnPushedAsync(new SessionChangeArrived(Changed(AssignedTo(AgentId, 6))), CancellationToken.None);

        Assert.True(follower.IsFollowing(SessionId));
        var frames = Drain();
        Assert.Equal(AgentId, Assert.IsType<SessionFrame>(frames[0]).AgentId);
        Assert.Equal(1, Assert.IsType<ItemFrame>(frames[1]).Seq);
    }

    [Fact]
    public async Task A_session_transferred_to_another_agent_stops_the_previous_agents_stream()
    {
        using var follower = Follower(Agent);
        await follower.FollowAsync(AssignedTo(AgentId, version: 1), 0, _outbound, CancellationToken.None);
        Drain();

        await PushAsync(follower, () => _fanout.Deliver(Changed(AssignedTo(OtherAgentId, version: 2))));

        // The change itself is the last thing shown; nothing of the session reaches this connection afterwards.
        Assert.Equal(OtherAgentId, Assert.IsType<SessionFrame>(Assert.Single(Drain())).AgentId);
        Assert.False(follower.IsFollowing(SessionId));
        Assert.Equal(0, _fanout.Deliver(Item(1)));
    }

    [Fact]
    public async Task A_lapsed_offer_stops_the_stream_of_the_agent_it_was_offered_to()
    {
        var offered = Session(SessionStatus.Offered, version: 1) with { OfferedTo = AgentId, OfferId = "o1" };
        _backend.Store(offered);
        using var follower = Follower(Agent);
        await follower.ResumeAsync(SessionId, 0, _outbound, CancellationToken.None);
        Assert.True(follower.IsFollowing(SessionId));

        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(SessionStatus.Queued, version: 2))));

        Assert.False(follower.IsFollowing(SessionId));
    }

    [Fact]
    public async Task The_answer_to_the_agents_own_transfer_stops_its_stream()
    {
        using var follower = Follower(Agent);
        await follower.FollowAsync(AssignedTo(AgentId, version: 1), 0, _outbound, CancellationToken.None);
        Drain();

        follower.Reply(Session(SessionStatus.Queued, version: 2) with { Skill = "sales" }, _outbound);

        Assert.Equal("queued", Assert.IsType<SessionFrame>(Assert.Single(Drain())).Status);
        Assert.False(follower.IsFollowing(SessionId));
    }

    [Fact]
    public async Task A_change_older_than_the_one_shown_does_not_stop_the_stream()
    {
        using var follower = Follower(Agent);
        await follower.FollowAsync(AssignedTo(AgentId, version: 5), 0, _outbound, CancellationToken.None);

        // Version 4 (queued, before the assignment) arrives late: not shown, and no access is lost by it.
        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(SessionStatus.Queued, version: 4))));

        Assert.True(follower.IsFollowing(SessionId));
    }

    [Fact]
    public async Task The_shown_session_is_the_newest_version_shown_and_none_once_it_is_not_followed()
    {
        using var follower = Follower(Agent);
        Assert.Null(follower.ShownSession(SessionId));
        await follower.FollowAsync(AssignedTo(AgentId, version: 5), 0, _outbound, CancellationToken.None);

        await PushAsync(follower, () => _fanout.Deliver(Changed(Session(SessionStatus.Queued, version: 4))));
        Assert.Equal(5, follower.ShownSession(SessionId)?.Version);

        await PushAsync(follower, () => _fanout.Deliver(Changed(AssignedTo(OtherAgentId, version: 6))));
        Assert.Null(follower.ShownSession(SessionId));
        Assert.Null(follower.ShownSession(null));
    }

    [Fact]
    public async Task A_supervisor_keeps_following_a_session_that_changes_hands()
    {
        using var follower = Follower(Supervisor);
        await follower.FollowAsync(AssignedTo(AgentId, version: 5), 0, _outbound, CancellationToken.None);

        await PushAsync(follower, () => _fanout.Deliver(Changed(AssignedTo(OtherAgentId, version: 6))));

        Assert.True(follower.IsFollowing(SessionId));
        Assert.Equal(1, _fanout.Deliver(Item(1)));
    }

    private SessionFollower Follower(SupportPrincipal principal) =>
        new(principal, _backend.Client, _fanout, _outbound, e =>
        {
            if (e is ItemsOverdue overdue)
            {
                _overdue.TrySetResult(overdue);
            }
            else
            {
                _pushed.Add(e);
            }

            return true;
        }, TimeProvider.System, NullLogger.Instance);

    /// <summary>
    /// Delivers through the fanout, then hands what the follower's listener took to it, as the pump does.
    /// </summary>
    private async Task PushAsync(SessionFollower follower, Func<int> deliver)
    {
        _pushed.Clear();
        deliver();
        foreach (var pushed in _pushed.ToList())
        {
            await follower.OnPushedAsync(pushed, CancellationToken.None);
        }
    }

    private List<ServerFrame> Drain()
    {
        var frames = new List<ServerFrame>();
        while (_outbound.Reader.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
