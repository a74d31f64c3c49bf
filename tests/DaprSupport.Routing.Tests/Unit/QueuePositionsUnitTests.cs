using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// Positions in a skill queue (<see cref="SkillQueues"/>) and which queues are published again
/// (<see cref="PublishedPositions"/>): only changed ones, an emptied one as an empty list, a re-entered one always.
/// </summary>
public sealed class QueuePositionsUnitTests
{
    private const string Tenant = "t1";
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RoutingOptions _options = new() { PriorityWeight = 60 };
    private readonly RouterState _state = RouterState.Empty();

    private void AddWaiting(string sessionId, string skill = "general", int priority = 0, int waitedSeconds = 0) =>
        _state.Waiting[sessionId] = new WaitingSession(new QueueEntry(sessionId, skill, priority, Now.AddSeconds(-waitedSeconds), null, []), _state.Waiting.Count + 1);

    [Fact]
    public void Positions_follow_queue_order_per_skill_and_leave_out_offered_sessions()
    {
        AddWaiting("old", waitedSeconds: 30);
        AddWaiting("new");
        AddWaiting("urgent", priority: 1);
        AddWaiting("same-time-later");
        AddWaiting("offered", waitedSeconds: 100);
        AddWaiting("other-skill", skill: "sales");
        _state.Offers["offered"] = new PlannedOffer("offered", "a", "o1", "general", Now.AddSeconds(20));

        var lists = SkillQueues.InOrder(_state, _options, Tenant, cap: 500);

        Assert.Equal(["urgent", "old", "new", "same-time-later"], lists["general"]);
        Assert.Equal(["other-skill"], lists["sales"]);
        Assert.Equal(2, lists.Count);
        foreach (var (id, i) in lists["general"].Select((id, i) => (id, i)))
        {
            Assert.Equal(i + 1, SkillQueues.PositionOf(_state, _options, Tenant, id));
        }

        Assert.Equal(1, SkillQueues.PositionOf(_state, _options, Tenant, "other-skill"));
        Assert.Null(SkillQueues.PositionOf(_state, _options, Tenant, "offered"));
        Assert.Null(SkillQueues.PositionOf(_state, _options, Tenant, "unknown"));
    }

    [Fact]
    public void Lists_are_capped_from_the_head_of_the_queue()
    {
        for (var i = 0; i < 5; i++)
        {
            AddWaiting($"s{i}", waitedSeconds: 10 - i);
        }

        Assert.Equal(["s0", "s1", "s2"], SkillQueues.InOrder(_state, _options, Tenant, cap: 3)["general"]);
    }

    [Fact]
    public void Only_changed_queues_are_handed_out_again_and_an_emptied_one_as_an_empty_list()
    {
        var published = new PublishedPositions();

        var first = published.TakeChanges(Tenant, Lists(("b", ["x"]), ("a", ["s1", "s2"])), Now);
        var unchanged = published.TakeChanges(Tenant, Lists(("a", ["s1", "s2"]), ("b", ["x"])), Now.AddSeconds(1));
        var moved = published.TakeChanges(Tenant, Lists(("a", ["s2"]), ("b", ["x"])), Now.AddSeconds(2));
        var emptied = published.TakeChanges(Tenant, Lists(("a", ["s2"])), Now.AddSeconds(3));
        var stillEmpty = published.TakeChanges(Tenant, Lists(("a", ["s2"])), Now.AddSeconds(4));

        Assert.Equal([("a", "s1,s2"), ("b", "x")], Describe(first));
        Assert.Empty(unchanged);
        Assert.Equal([("a", "s2")], Describe(moved));
        Assert.Equal(Now.AddSeconds(2), moved[0].AsOf);
        Assert.Equal([("b", "")], Describe(emptied));
        Assert.Empty(stillEmpty);
    }

    [Fact]
    public void A_queue_a_session_entered_again_is_handed_out_even_when_its_order_looks_unchanged()
    {
        var published = new PublishedPositions();
        published.TakeChanges(Tenant, Lists(("a", ["s1", "s2"]), ("b", ["x"])), Now);

        published.Invalidate("a");
        var again = published.TakeChanges(Tenant, Lists(("a", ["s1", "s2"]), ("b", ["x"])), Now.AddSeconds(1));
        var afterwards = published.TakeChanges(Tenant, Lists(("a", ["s1", "s2"]), ("b", ["x"])), Now.AddSeconds(2));

        Assert.Equal([("a", "s1,s2")], Describe(again));
        Assert.Empty(afterwards);
    }

    private static Dictionary<string, string[]> Lists(params (string Skill, string[] Ids)[] lists) =>
        lists.ToDictionary(l => l.Skill, l => l.Ids, StringComparer.Ordinal);

    private static List<(string, string)> Describe(IReadOnlyList<QueuePositions> changes) =>
        [.. changes.Select(c => (c.Skill, string.Join(',', c.SessionIds)))];
}
