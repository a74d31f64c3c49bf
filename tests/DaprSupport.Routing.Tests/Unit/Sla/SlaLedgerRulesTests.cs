using DaprSupport.Contracts.Sla;
using DaprSupport.Sessions.Sla;

namespace DaprSupport.Routing.Tests.Unit.Sla;

/// <summary>How SLA events change a tenant's ledger: measurements, the window, the caps and the live chats.</summary>
public sealed class SlaLedgerRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SlaOptions Options = new() { Window = TimeSpan.FromMinutes(60), MaxSamples = 100, MaxChats = 10 };

    [Fact]
    public void An_assignment_is_a_queue_wait_and_a_live_chat_until_released_or_ended()
    {
        var assigned = Apply(SlaLedger.Empty, new SlaEvent(SlaEventKinds.Assigned, "s-1", "billing", Now, 12.5, "a1", "v1"));
        var second = Apply(assigned, new SlaEvent(SlaEventKinds.Assigned, "s-2", "billing", Now, 3, "a2", "v2"));
        var replied = Apply(second, new SlaEvent(SlaEventKinds.FirstResponse, "s-1", "billing", Now, 20));
        var released = Apply(replied, new SlaEvent(SlaEventKinds.Released, "s-1", "billing", Now));
        var ended = Apply(released, new SlaEvent(SlaEventKinds.Resolved, "s-2", "billing", Now, 300));

        Assert.Equal(new SlaSample(Now, "billing", SlaEventKinds.Assigned, 12.5), Assert.Single(assigned.Samples));
        Assert.Equal(new LiveChat("s-1", "a1", "v1", "billing", Now), assigned.Chats["s-1"]);
        Assert.Equal(["s-1", "s-2"], replied.Chats.Keys.Order());
        Assert.Equal(["s-2"], released.Chats.Keys);
        Assert.Equal(3, released.Samples.Count); // a release measures nothing
        Assert.Empty(ended.Chats);
        Assert.Equal([SlaEventKinds.Assigned, SlaEventKinds.Assigned, SlaEventKinds.FirstResponse, SlaEventKinds.Resolved], ended.Samples.Select(s => s.Kind));
    }

    [Fact]
    public void A_take_over_moves_the_live_chat_and_measures_no_queue_wait()
    {
        var assigned = Apply(SlaLedger.Empty, new SlaEvent(SlaEventKinds.Assigned, "s-1", "billing", Now.AddMinutes(-2), 5, "a1", "v1"));

        var taken = Apply(assigned, new SlaEvent(SlaEventKinds.Assigned, "s-1", "billing", Now, null, "sup-1", "v1"));

        Assert.Equal(new LiveChat("s-1", "sup-1", "v1", "billing", Now), Assert.Single(taken.Chats.Values));
        Assert.Single(taken.Samples);
    }

    [Fact]
    public void Breaches_and_abandons_are_measured_and_an_abandon_ends_the_chat()
    {
        var ledger = Apply(SlaLedger.Empty, new SlaEvent(SlaEventKinds.FirstResponseBreached, "s-1", "sales", Now));
        ledger = Apply(ledger, new SlaEvent(SlaEventKinds.Abandoned, "s-2", "sales", Now, -4));

        Assert.Equal([(SlaEventKinds.FirstResponseBreached, 0.0), (SlaEventKinds.Abandoned, 0.0)], ledger.Samples.Select(s => (s.Kind, s.Seconds)));
    }

    [Fact]
    public void Measurements_older_than_the_window_are_dropped_and_the_cap_keeps_the_newest()
    {
        var old = new SlaLedger([new SlaSample(Now.AddMinutes(-61), "billing", SlaEventKinds.Assigned, 1)], new Dictionary<string, LiveChat>());
        var pruned = Apply(old, new SlaEvent(SlaEventKinds.Assigned, "s-1", "billing", Now, 2, "a1", "v1"));

        var capped = SlaLedger.Empty;
        for (var i = 0; i < 105; i++)
        {
            capped = Apply(capped, new SlaEvent(SlaEventKinds.FirstResponse, $"s-{i}", "billing", Now.AddSeconds(i - 200), i));
        }

        Assert.Equal([2.0], pruned.Samples.Select(s => s.Seconds));
        Assert.Equal(100, capped.Samples.Count);
        Assert.Equal(5, capped.Samples.Min(s => s.Seconds));
    }

    [Fact]
    public void The_oldest_live_chats_go_first_beyond_the_cap()
    {
        var ledger = SlaLedger.Empty;
        for (var i = 0; i < 12; i++)
        {
            ledger = Apply(ledger, new SlaEvent(SlaEventKinds.Assigned, $"s-{i}", "billing", Now.AddSeconds(i - 60), null, "a1", "v1"));
        }

        Assert.Equal(10, ledger.Chats.Count);
        Assert.DoesNotContain("s-0", ledger.Chats.Keys);
        Assert.DoesNotContain("s-1", ledger.Chats.Keys);
    }

    private static SlaLedger Apply(SlaLedger ledger, SlaEvent slaEvent) => SlaLedgerRules.Apply(ledger, slaEvent, Now, Options);
}
