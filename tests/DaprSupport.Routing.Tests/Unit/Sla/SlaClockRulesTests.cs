using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Routing.Tests.Unit.Sla;

/// <summary>
/// What an SLA clock's trigger does (<see cref="SlaClockRules"/>): a breach is recorded once per start of its clock,
/// and a trigger after a turn that recorded it but failed later only publishes it again, with the same time.
/// </summary>
public sealed class SlaClockRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = T0.AddSeconds(2);

    private static SessionRecord Record(SessionStatus status, DateTimeOffset? firstResponseAt = null) => new(
        new SessionSnapshot("t", "s-1", status, "general", "v-1", status == SessionStatus.Assigned ? "alice" : null, 3,
            CreatedAt: T0, AssignedAt: status == SessionStatus.Assigned ? T0 : null, FirstResponseAt: firstResponseAt),
        new Dictionary<string, long>(StringComparer.Ordinal));

    private static SessionRecord Recorded(SessionRecord record, string kind, DateTimeOffset at) =>
        SlaClockRules.WithRecorded(record, SlaClockRules.OnTrigger(record, kind, at));

    [Fact]
    public void A_breach_not_yet_in_the_timeline_is_recorded_and_published_at_the_triggers_time()
    {
        Assert.Equal(
            new SlaTrigger(SlaBreach.FirstResponse, Record: true, T0),
            SlaClockRules.OnTrigger(Record(SessionStatus.Assigned), SlaBreach.FirstResponse, T0));
        Assert.Equal(
            new SlaTrigger(SlaBreach.Resolution, Record: true, T0),
            SlaClockRules.OnTrigger(Record(SessionStatus.Queued), SlaBreach.Resolution, T0));
    }

    [Fact]
    public void A_session_no_longer_in_breach_does_nothing()
    {
        Assert.Null(SlaClockRules.OnTrigger(Record(SessionStatus.Assigned, T0), SlaBreach.FirstResponse, T0).Breach);
        Assert.Null(SlaClockRules.OnTrigger(Record(SessionStatus.Resolved), SlaBreach.Resolution, T0).Breach);
        Assert.Null(SlaClockRules.OnTrigger(Record(SessionStatus.Queued), SlaBreach.FirstResponse, T0).Breach);
    }

    [Fact]
    public void A_trigger_after_the_breach_was_recorded_only_publishes_it_with_the_recorded_time()
    {
        var recorded = Recorded(Record(SessionStatus.Assigned), SlaBreach.FirstResponse, T0);

        Assert.Equal(
            new SlaTrigger(SlaBreach.FirstResponse, Record: false, T0),
            SlaClockRules.OnTrigger(recorded, SlaBreach.FirstResponse, Later));
        // The other clock is its own: the resolution breach is still to record.
        Assert.Equal(
            new SlaTrigger(SlaBreach.Resolution, Record: true, Later),
            SlaClockRules.OnTrigger(recorded, SlaBreach.Resolution, Later));
    }

    [Fact]
    public void A_clock_started_again_records_its_next_breach_and_leaves_the_other_clocks_mark()
    {
        var both = Recorded(
            Recorded(Record(SessionStatus.Assigned), SlaBreach.FirstResponse, T0), SlaBreach.Resolution, T0);

        var reassigned = SlaClockRules.Started(both, SlaBreach.FirstResponse);

        Assert.Equal(
            new SlaTrigger(SlaBreach.FirstResponse, Record: true, Later),
            SlaClockRules.OnTrigger(reassigned, SlaBreach.FirstResponse, Later));
        Assert.False(SlaClockRules.OnTrigger(reassigned, SlaBreach.Resolution, Later).Record);
        Assert.Null(SlaClockRules.Started(reassigned, SlaBreach.Resolution).BreachesRecorded);
        var fresh = Record(SessionStatus.Queued);
        Assert.Same(fresh, SlaClockRules.Started(fresh, SlaBreach.Resolution));
    }

    [Fact]
    public void The_mark_is_kept_by_the_actor_states_serializer_and_a_record_saved_before_it_reads_as_none()
    {
        var recorded = Recorded(Record(SessionStatus.Assigned), SlaBreach.FirstResponse, T0);

        var json = JsonSerializer.Serialize(recorded, JsonDefaults.Options);
        var read = JsonSerializer.Deserialize<SessionRecord>(json, JsonDefaults.Options)!;
        var saved = JsonNode.Parse(json)!.AsObject();
        Assert.True(saved.Remove("breachesRecorded"));
        var older = saved.Deserialize<SessionRecord>(JsonDefaults.Options)!;

        Assert.Equal(
            new SlaTrigger(SlaBreach.FirstResponse, Record: false, T0),
            SlaClockRules.OnTrigger(read, SlaBreach.FirstResponse, Later));
        Assert.True(SlaClockRules.OnTrigger(older, SlaBreach.FirstResponse, Later).Record);
    }
}
