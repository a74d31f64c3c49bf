using System.Net;
using System.Threading.Channels;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// Queue positions (docs/protocol.md, <c>session.position</c>): the sessions API answers a queued session with its
/// 1-based position in its skill queue, and every change of a queue's order is published on
/// <see cref="Topics.QueuePositions"/> (partition key = tenant, so one tenant's lists arrive in publishing order).
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class QueuePositionTests(RoutingSystemFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task Create_answers_the_position_in_queue_order_and_get_tells_the_current_one()
    {
        var t = RoutingApi.NewTenant("pos");
        var first = await _api.CreateAsync(t, "v1", skill: "billing");
        var second = await _api.CreateAsync(t, "v2", skill: "billing");
        var urgent = await _api.CreateAsync(t, "v3", skill: "billing", priority: 1);
        var elsewhere = await _api.CreateAsync(t, "v4", skill: "sales");

        Assert.Equal([1, 2, 1, 1], new[] { first.Position, second.Position, urgent.Position, elsewhere.Position });
        Assert.Equal(2, (await _api.SessionAsync(t, first.SessionId)).Position);
        Assert.Equal(3, (await _api.SessionAsync(t, second.SessionId)).Position);
        Assert.Equal(1, (await _api.SessionAsync(t, urgent.SessionId)).Position);
        Assert.Equal(1, (await _api.SessionAsync(t, elsewhere.SessionId)).Position);
    }

    [Fact]
    public async Task A_session_that_left_the_queue_has_no_position()
    {
        var t = RoutingApi.NewTenant("pos-gone");
        var session = await _api.CreateAsync(t, "v1", skill: "billing");
        using (var resolve = await _api.ResolveAsync(t, session.SessionId, "v1", Roles.Visitor))
        {
            var resolved = await RoutingApi.ReadAsync<SessionSnapshot>(resolve, HttpStatusCode.OK);
            Assert.Equal((SessionStatus.Resolved, (int?)null), (resolved.Status, resolved.Position));
        }

        Assert.Null((await _api.SessionAsync(t, session.SessionId)).Position);
    }

    [Fact]
    public async Task Positions_are_published_after_each_pass_and_after_an_abandon_and_only_when_a_queue_changed()
    {
        var t = RoutingApi.NewTenant("pos-pub");
        var published = fixture.PositionsOf(t);
        var s1 = (await _api.CreateAsync(t, "v1", skill: "alpha")).SessionId;
        var s2 = (await _api.CreateAsync(t, "v2", skill: "alpha")).SessionId;

        // Passes of concurrent creates may merge: [s1] may or may not come first.
        var lists = await ReadUntilAsync(published, p => p.SessionIds.SequenceEqual([s1, s2]));
        Assert.All(lists, p => Assert.Equal(("alpha", t), (p.Skill, p.Tenant)));
        Assert.All(lists[..^1], p => Assert.Equal([s1], p.SessionIds));

        var urgent = (await _api.CreateAsync(t, "v3", skill: "alpha", priority: 1)).SessionId;
        var afterUrgent = await NextAsync(published);
        AssertList("alpha", [urgent, s1, s2], afterUrgent);

        (await _api.ResolveAsync(t, s1, "v1", Roles.Visitor)).Dispose();
        var afterAbandon = await NextAsync(published);
        AssertList("alpha", [urgent, s2], afterAbandon);
        Assert.True(afterAbandon.AsOf >= afterUrgent.AsOf);

        // A pass that changes only "beta" publishes only "beta": an unchanged "alpha" would sort (and arrive) before it.
        var b1 = (await _api.CreateAsync(t, "v4", skill: "beta")).SessionId;
        var beta = await NextAsync(published);
        AssertList("beta", [b1], beta);

        // An emptied queue is published as an empty list.
        (await _api.ResolveAsync(t, b1, "v4", Roles.Visitor)).Dispose();
        var emptied = await NextAsync(published);
        Assert.Equal(("beta", 0), (emptied.Skill, emptied.SessionIds.Count));
    }

    private static void AssertList(string skill, string[] sessionIds, QueuePositions positions) =>
        Assert.Equal((skill, string.Join(", ", sessionIds)), (positions.Skill, string.Join(", ", positions.SessionIds)));

    private static async Task<QueuePositions> NextAsync(ChannelReader<QueuePositions> published)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await published.ReadAsync(cts.Token);
    }

    /// <summary>Every list received up to and including the first that matches.</summary>
    private static async Task<List<QueuePositions>> ReadUntilAsync(ChannelReader<QueuePositions> published, Func<QueuePositions, bool> last)
    {
        var lists = new List<QueuePositions>();
        do
        {
            lists.Add(await NextAsync(published));
        }
        while (!last(lists[^1]));

        return lists;
    }
}
