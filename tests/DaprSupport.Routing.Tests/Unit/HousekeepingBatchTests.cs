using System.Text.Json;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Jobs;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// The housekeeping index takes the session lifecycle events in batches: which entries update an index share, in
/// entry order; which concern it not; which are no session change; and the per-entry statuses, so that one failed
/// update is delivered again without losing or repeating the others.
/// </summary>
public sealed class HousekeepingBatchTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-01-01T00:00:00Z", null);

    [Fact]
    public void Updates_keep_entry_order_changes_the_index_ignores_make_none_and_a_non_change_is_malformed()
    {
        var (updates, malformed) = HousekeepingBatch.Plan(
        [
            Change("e0", "acme", "s-1", SessionStatus.Queued, 1, SessionChanges.Queued),
            Change("e1", "acme", "s-1", SessionStatus.Offered, 2, SessionChanges.Offered),
            Change("e2", "beta", "s-2", SessionStatus.Resolved, 7, SessionChanges.Resolved),
            Entry("e3", """{"type":"com.dapr.event.sent","data":"not an object"}"""),
            Entry("e4", """{"type":"com.dapr.event.sent","data":{"change":"queued"}}"""),
            Change("e5", "acme", "s-1", SessionStatus.Offline, 3, SessionChanges.Offline),
        ]);

        Assert.Equal(
            [("e0", "acme", "s-1", SessionStatus.Queued, 1L, true), ("e2", "beta", "s-2", SessionStatus.Resolved, 7L, false),
             ("e5", "acme", "s-1", SessionStatus.Offline, 3L, true)],
            updates.Select(u => (u.EntryId, u.Tenant, u.Session.SessionId, u.Session.Status, u.Session.Version, u.MayBeNewTenant)));
        Assert.Equal(At, updates[0].Session.QueuedAt);
        Assert.Equal(["e3", "e4"], malformed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_update_and_a_malformed_entry_are_retried_and_the_rest_succeed()
    {
        var (updates, malformed) = HousekeepingBatch.Plan(
        [
            Change("e0", "acme", "s-1", SessionStatus.Queued, 1, SessionChanges.Queued),
            Change("e1", "acme", "s-2", SessionStatus.Queued, 1, SessionChanges.Queued),
            Change("e2", "acme", "s-2", SessionStatus.Assigned, 3, SessionChanges.Assigned),
            Entry("e3", """{"data":{}}"""),
        ]);

        var answer = HousekeepingBatch.Answer(["e0", "e1", "e2", "e3"], malformed, updates, new HashSet<IndexUpdate> { updates[0] });

        Assert.Equal(
            [("e0", "SUCCESS"), ("e1", "RETRY"), ("e2", "SUCCESS"), ("e3", "RETRY")],
            answer.Statuses.Select(s => (s.EntryId, s.Status.ToString())));
        Assert.Equal("""{"statuses":[{"entryId":"e0","status":"SUCCESS"},{"entryId":"e1","status":"RETRY"},{"entryId":"e2","status":"SUCCESS"},{"entryId":"e3","status":"RETRY"}]}""",
            JsonSerializer.Serialize(answer, JsonSerializerOptions.Web));
    }

    private static BulkSubscribeMessageEntry<JsonElement> Change(
        string id, string tenant, string session, SessionStatus status, long version, string change)
    {
        var snapshot = new SessionSnapshot(tenant, session, status, "general", "v-1", null, 0, QueuedAt: At, Version: version);
        var data = JsonSerializer.SerializeToElement(new SessionChanged(snapshot, change, At), JsonDefaults.Options);
        return Entry(id, JsonSerializer.Serialize(new { type = "com.dapr.event.sent", data }));
    }

    private static BulkSubscribeMessageEntry<JsonElement> Entry(string id, string cloudEvent) =>
        new(id, "application/cloudevents+json", [], JsonDocument.Parse(cloudEvent).RootElement);
}
