using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sla;
using DaprSupport.Gateway.Http;
using DaprSupport.Gateway.Protocol;

namespace DaprSupport.Gateway.Tests.Unit;

public sealed class SupervisorSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Queues_per_skill_count_waiting_and_offered_sessions_in_position_order_with_the_oldest_wait()
    {
        var snapshot = new QueueSnapshot("acme",
            [
                new QueuedSession("s-2", "billing", 0, 2, 1, Now.AddSeconds(-10)),
                new QueuedSession("s-1", "billing", 5, 1, 9, Now.AddSeconds(-4)),
                new QueuedSession("s-3", "tech", 0, 1, 1, Now.AddSeconds(-1)),
            ],
            [new PlannedOffer("s-4", "ada", "o-1", "tech", Now.AddSeconds(20))],
            [new AgentSnapshot("acme", "ada", AgentPresence.Online, ["tech"], 3, ["s-9"], null)]);

        var view = SupervisorSnapshot.From(snapshot, null, Now);

        Assert.Equal(["billing", "tech"], view.Queues.Select(q => q.Skill));
        var billing = view.Queues[0];
        Assert.Equal(2, billing.Waiting);
        Assert.Equal(10_000, billing.OldestWaitMs);
        Assert.Equal(0, billing.Offered);
        Assert.Equal(["s-1", "s-2"], billing.Sessions.Select(s => s.SessionId));
        var tech = view.Queues[1];
        Assert.Equal((1, 1), (tech.Waiting, tech.Offered));
        Assert.Equal(1, view.OpenOffers);
    }

    [Fact]
    public void Agents_show_status_load_against_capacity_and_their_open_offers_and_a_skill_nobody_waits_for()
    {
        var snapshot = new QueueSnapshot("acme", [],
            [new PlannedOffer("s-4", "bob", "o-1", "tech", Now.AddSeconds(20))],
            [
                new AgentSnapshot("acme", "bob", AgentPresence.Away, ["tech"], 2, ["s-1", "s-2"], null),
                new AgentSnapshot("acme", "ada", AgentPresence.Offline, ["sales"], 3, [], null),
            ]);

        var view = SupervisorSnapshot.From(snapshot, null, Now);

        Assert.Equal(["ada", "bob"], view.Agents.Select(a => a.AgentId));
        Assert.Equal(("offline", 0, 3, 0), (view.Agents[0].Status, view.Agents[0].Load, view.Agents[0].Capacity, view.Agents[0].OpenOffers));
        Assert.Equal(("away", 2, 2, 1), (view.Agents[1].Status, view.Agents[1].Load, view.Agents[1].Capacity, view.Agents[1].OpenOffers));
        var sales = Assert.Single(view.Queues, q => q.Skill == "sales");
        Assert.Equal((0, 0L), (sales.Waiting, sales.OldestWaitMs));
    }

    [Fact]
    public void Chats_show_the_visitor_by_handle_and_chats_held_by_supervisors_are_listed_apart()
    {
        var snapshot = new QueueSnapshot("acme", [], [],
            [new AgentSnapshot("acme", "ada", AgentPresence.Online, ["tech"], 3, ["s-1", "s-2"], null)]);
        var figures = new SlaFigures("tech", 2, 1, 30, 4, 1, 0, 1, 0, 0, new SlaTargets(45, 1800, 60, 0.8));
        var report = new SlaReport(Now, 3600, figures with { Skill = null, Targets = null }, [figures],
            [
                new LiveChat("s-1", "ada", "v_secret", "tech", Now.AddMinutes(-3)),
                new LiveChat("s-7", "sue", "v_other", "tech", Now.AddMinutes(-1)),
            ]);

        var view = SupervisorSnapshot.From(snapshot, report, Now);
        var without = SupervisorSnapshot.From(snapshot, null, Now);

        var chats = view.Agents.Single().Chats;
        Assert.Equal(new SupervisorChat("s-1", VisitorHandles.Of("acme", "v_secret"), "tech", Now.AddMinutes(-3)), chats[0]);
        Assert.Equal(new SupervisorChat("s-2", null, null, null), chats[1]); // the ledger has not heard of it
        Assert.Equal(new SupervisorTakenChat("sue", "s-7", VisitorHandles.Of("acme", "v_other"), "tech", Now.AddMinutes(-1)), Assert.Single(view.TakenOver));
        Assert.Equal((3600, figures), (view.Sla!.WindowSeconds, Assert.Single(view.Sla.Skills)));
        Assert.Null(without.Sla);
        Assert.Empty(without.TakenOver);
    }
}
