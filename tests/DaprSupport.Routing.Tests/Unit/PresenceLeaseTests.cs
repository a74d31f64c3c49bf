using System.Collections.Immutable;
using System.Text.Json;
using DaprSupport.Agents;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// Presence as a lease over the agent's connections (<see cref="PresenceLease"/>): the agent lapses a lease after the
/// newest beat, or a grace after its last open connection closed with no beat since; another open connection, a
/// reconnect or any beat within the grace keep it; a connection whose beats stopped for a lease is no longer counted.
/// </summary>
public sealed class PresenceLeaseTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static AgentState Online() =>
        new(AgentPresence.Online, ["general"], 3, [], T0, T0, 1);

    [Fact]
    public void The_last_connection_closing_lapses_the_agent_after_the_grace_not_the_lease()
    {
        var open = PresenceLease.Beat(Online(), "c1", T0, Ttl);
        var closed = PresenceLease.Closed(open, "c1", T0.AddSeconds(5), Ttl);

        Assert.True(PresenceLease.StartsGrace(closed));
        Assert.False(PresenceLease.HasLapsed(closed, T0.AddSeconds(14), Ttl, Grace));
        Assert.True(PresenceLease.HasLapsed(closed, T0.AddSeconds(15), Ttl, Grace));
        Assert.Equal(T0.AddSeconds(15), PresenceLease.EndsAt(closed, Ttl, Grace));
    }

    [Fact]
    public void Another_open_connection_keeps_the_agent_when_one_closes()
    {
        var both = PresenceLease.Beat(PresenceLease.Beat(Online(), "c1", T0, Ttl), "c2", T0, Ttl);
        var one = PresenceLease.Closed(both, "c1", T0.AddSeconds(1), Ttl);

        Assert.False(PresenceLease.StartsGrace(one));
        Assert.Equal(["c2"], one.OpenConnections.Keys);
        Assert.False(PresenceLease.HasLapsed(one, T0.AddSeconds(30), Ttl, Grace));
        Assert.Equal(T0 + Ttl, PresenceLease.EndsAt(one, Ttl, Grace));
    }

    [Theory]
    [InlineData("c2")]
    [InlineData(null)]
    public void A_beat_within_the_grace_keeps_the_agent(string? from)
    {
        var closed = PresenceLease.Closed(PresenceLease.Beat(Online(), "c1", T0, Ttl), "c1", T0.AddSeconds(1), Ttl);
        var back = PresenceLease.Beat(closed, from, T0.AddSeconds(3), Ttl);

        Assert.Null(back.LastClosedAt);
        Assert.True(PresenceLease.MustSave(closed, back, T0.AddSeconds(3), Ttl));
        Assert.False(PresenceLease.HasLapsed(back, T0.AddSeconds(20), Ttl, Grace));
        Assert.True(PresenceLease.HasLapsed(back, T0.AddSeconds(64), Ttl, Grace));
    }

    [Fact]
    public void A_connection_whose_beats_stopped_for_a_lease_no_longer_counts()
    {
        // c1's gateway died at T0; c2 beats on. When c2 closes, nothing is left open: the grace starts.
        var both = PresenceLease.Beat(PresenceLease.Beat(Online(), "c1", T0, Ttl), "c2", T0, Ttl);
        var later = PresenceLease.Beat(both, "c2", T0.AddSeconds(70), Ttl);
        Assert.Equal(["c2"], later.OpenConnections.Keys);

        var closed = PresenceLease.Closed(later, "c2", T0.AddSeconds(71), Ttl);
        Assert.True(PresenceLease.StartsGrace(closed));
        Assert.True(PresenceLease.HasLapsed(closed, T0.AddSeconds(81), Ttl, Grace));
    }

    [Fact]
    public void A_close_of_a_connection_never_counted_changes_nothing_while_another_is_open()
    {
        var open = PresenceLease.Beat(Online(), "c1", T0, Ttl);
        Assert.False(PresenceLease.CloseCounts(open, "never-beat", T0.AddSeconds(1), Ttl));
        Assert.True(PresenceLease.CloseCounts(open, "c1", T0.AddSeconds(1), Ttl));

        // With nothing counted open (c1's gateway died a lease ago), it ends the agent's presence after the grace.
        Assert.True(PresenceLease.CloseCounts(open, "never-beat", T0.AddSeconds(61), Ttl));
        var closed = PresenceLease.Closed(open, "never-beat", T0.AddSeconds(61), Ttl);
        Assert.True(PresenceLease.StartsGrace(closed));
    }

    [Theory]
    [InlineData(AgentPresence.Online)]
    [InlineData(AgentPresence.Away)]
    public void An_agent_that_lapsed_is_back_as_it_was_at_the_next_beat(AgentPresence before)
    {
        var lapsed = PresenceLease.Lapsed(Online() with { Presence = before }, T0.AddSeconds(70), Ttl);
        Assert.Equal(AgentPresence.Offline, lapsed.Presence);
        Assert.Equal(T0.AddSeconds(70), lapsed.OfflineSince);

        var back = PresenceLease.Restored(lapsed, "c2", T0.AddSeconds(80), Ttl)!;
        Assert.Equal(before, back.Presence);
        Assert.Null(back.OfflineSince);
        Assert.Null(back.LapsedFrom);
        Assert.Equal(lapsed.Version + 1, back.Version);
        Assert.Equal(["c2"], back.OpenConnections.Keys);
        Assert.False(PresenceLease.HasLapsed(back, T0.AddSeconds(90), Ttl, Grace));
    }

    [Fact]
    public void An_agent_who_chose_offline_stays_offline_whatever_beats()
    {
        var chosen = Online() with { Presence = AgentPresence.Offline, OfflineSince = T0 };
        Assert.Null(PresenceLease.Restored(chosen, "c1", T0.AddSeconds(1), Ttl));
        Assert.Null(PresenceLease.Restored(chosen, null, T0.AddSeconds(1), Ttl));
        Assert.Null(PresenceLease.Restored(Online(), "c1", T0.AddSeconds(1), Ttl));

        // Its connection is counted, once: a later close is then known.
        var counted = PresenceLease.CountedWhileOffline(chosen, "c1", T0.AddSeconds(1), Ttl)!;
        Assert.Equal(AgentPresence.Offline, counted.Presence);
        Assert.Equal(chosen.Version, counted.Version);
        Assert.Equal(["c1"], counted.OpenConnections.Keys);
        Assert.Null(PresenceLease.CountedWhileOffline(counted, "c1", T0.AddSeconds(2), Ttl));
        Assert.Null(PresenceLease.CountedWhileOffline(chosen, null, T0.AddSeconds(2), Ttl));
    }

    [Fact]
    public void Without_connections_the_lease_alone_decides()
    {
        var beat = PresenceLease.Beat(Online(), null, T0, Ttl);
        Assert.False(PresenceLease.HasLapsed(beat, T0 + Ttl, Ttl, Grace));
        Assert.True(PresenceLease.HasLapsed(beat, T0 + Ttl + TimeSpan.FromSeconds(1), Ttl, Grace));
        Assert.Equal(T0 + Ttl, PresenceLease.EndsAt(beat, Ttl, Grace));
    }

    [Fact]
    public void A_beat_is_saved_when_it_counts_a_new_connection_or_the_saved_one_is_half_a_lease_old()
    {
        var stored = PresenceLease.Beat(Online(), "c1", T0, Ttl);

        Assert.False(PresenceLease.MustSave(stored, PresenceLease.Beat(stored, "c1", T0.AddSeconds(10), Ttl),
            T0.AddSeconds(10), Ttl));
        Assert.True(PresenceLease.MustSave(stored, PresenceLease.Beat(stored, "c2", T0.AddSeconds(10), Ttl),
            T0.AddSeconds(10), Ttl));
        Assert.True(PresenceLease.MustSave(stored, PresenceLease.Beat(stored, "c1", T0.AddSeconds(30), Ttl),
            T0.AddSeconds(30), Ttl));
    }

    [Fact]
    public void The_connections_survive_the_actor_state_serializer_and_an_older_state_reads_as_none()
    {
        // The options the actor host saves state with (ActorHostExtensions).
        var options = JsonDefaults.Options;
        var closed = PresenceLease.Closed(
            PresenceLease.Beat(PresenceLease.Beat(Online(), "c1", T0, Ttl), "c2", T0, Ttl), "c1", T0, Ttl);

        var read = JsonSerializer.Deserialize<AgentState>(JsonSerializer.Serialize(closed, options), options)!;
        Assert.Equal(closed.OpenConnections.ToImmutableSortedDictionary(), read.OpenConnections.ToImmutableSortedDictionary());
        Assert.True(read.OpenConnections.ContainsKey("c2"));

        var saved = JsonSerializer.SerializeToNode(Online(), options)!.AsObject();
        saved.Remove("connections");
        saved.Remove("lastClosedAt");
        var older = saved.Deserialize<AgentState>(options)!;
        Assert.Empty(older.OpenConnections);
        Assert.Null(older.LastClosedAt);
    }
}
