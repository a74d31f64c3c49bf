using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using Dapr.Actors.Client;
using DaprSupport.Routing.Tests.Infrastructure;
using DaprSupport.Sessions.Jobs;
using DaprSupport.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.Routing.Tests.Hours;

/// <summary>
/// Business hours and idle-session housekeeping through the real sessions service (the housekeeping job runs every
/// second on the fixture, under its lease): offline tickets outside the hours, queued when they open; queued sessions
/// whose visitor is gone abandoned; idle assigned sessions resolved. Limits and hours come from each tenant's
/// configuration document.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class HousekeepingTests(RoutingSystemFixture system)
{
    private const string OfflineMessage = "We are closed today. Leave a message!";
    private readonly RoutingApi _api = system.Api;
    private readonly TenantDocuments _documents = new(system);

    private static JsonObject ClosedToday()
    {
        var today = DateTimeOffset.UtcNow.Date;
        return new JsonObject
        {
            ["timeZone"] = "UTC",
            ["weekly"] = new JsonArray(),
            ["holidays"] = new JsonArray(
                today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ["offlineMessage"] = OfflineMessage,
        };
    }

    private static JsonObject Limits(int abandonSeconds, int resolveSeconds) => new()
    {
        ["abandonQueuedAfterSeconds"] = abandonSeconds,
        ["resolveIdleAfterSeconds"] = resolveSeconds,
    };

    private async Task<SessionChanged> ChangeAsync(string sessionId, Func<SessionChanged, bool> match, string what)
    {
        var changes = system.ChangesOf(sessionId);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var change = await changes.ReadAsync(patience.Token);
                if (match(change))
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No session change '{what}' for {sessionId} within 30 s.");
        }
    }

    [Fact]
    public async Task A_start_outside_hours_is_an_offline_ticket_that_is_queued_and_offered_when_the_hours_open()
    {
        var t = RoutingApi.NewTenant("hours");
        await _documents.WriteAsync(t, TenantDocuments.Document(ClosedToday()));
        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["general"]);

        var ticket = await _api.CreateAsync(t, "v1", text: "Is anyone there?", clientMsgId: "m1");
        using (var more = await _api.AppendAsync(t, ticket.SessionId, new AppendTextRequest("m2", Roles.Visitor, "v1", null, "My order is late.")))
        {
            Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        }

        var closed = await _api.SessionAsync(t, ticket.SessionId);
        var timeline = await _api.TimelineAsync(t, ticket.SessionId);
        await _documents.WriteAsync(t, TenantDocuments.Document());
        await ChangeAsync(ticket.SessionId, c => c.Session.Status == SessionStatus.Queued, "queued");
        var offered = await _api.OfferedAsync(t, ticket.SessionId, "alice");
        var after = await _api.TimelineAsync(t, ticket.SessionId);

        Assert.Equal(SessionStatus.Offline, ticket.Status);
        Assert.NotNull(ticket.OfflineAt);
        Assert.Null(ticket.Position);
        Assert.Equal(SessionStatus.Offline, closed.Status);
        Assert.Equal([(TimelineItemKind.Text, null, "Is anyone there?"), (TimelineItemKind.Event, TimelineEvents.Offline, OfflineMessage), (TimelineItemKind.Text, null, "My order is late.")],
            timeline.Select(i => (i.Kind, i.Event, i.Text)));
        Assert.Equal([1L, 2L, 3L], timeline.Select(i => i.Seq));
        Assert.Equal("alice", offered.OfferedTo);
        Assert.Equal(TimelineEvents.Queued, after[3].Event);
        Assert.Equal(Roles.System, after[3].From.Role);
    }

    [Fact]
    public async Task A_queued_session_whose_visitor_is_gone_is_abandoned_by_housekeeping()
    {
        var t = RoutingApi.NewTenant("gone");
        await _documents.WriteAsync(t, TenantDocuments.Document(housekeeping: Limits(abandonSeconds: 2, resolveSeconds: 3600)));

        var created = await _api.CreateAsync(t, "v1", text: "hello");

        // The index share knows when it was queued, so sweeps before the limit skip it without reading it.
        var share = system.SessionsServices.GetRequiredService<IActorProxyFactory>().Index(t, created.SessionId);
        await Eventually.Until(share.ListWithQueuedAtAsync,
            listed => listed.Any(l => l.SessionId == created.SessionId && l.QueuedAt == created.QueuedAt), 10,
            "the session listed with its queue time");

        var ended = await ChangeAsync(created.SessionId, c => c.Session.Status == SessionStatus.Resolved, "resolved");
        var timeline = await _api.TimelineAsync(t, created.SessionId);

        Assert.Equal(TimelineEvents.Resolved, ended.Change);
        Assert.True(ended.Session.ResolvedAt - created.QueuedAt >= TimeSpan.FromSeconds(2), $"abandoned after {ended.Session.ResolvedAt - created.QueuedAt}");
        var last = timeline[^1];
        Assert.Equal((TimelineEvents.Resolved, Roles.System, "housekeeping", "abandoned"), (last.Event, last.From.Role, last.From.Id, last.Text));
        // The job takes the session out of the router after the session's change is published.
        await Eventually.Until(() => _api.QueuesAsync(t), q => q.Waiting.All(w => w.SessionId != created.SessionId), 10,
            "the abandoned session out of the queue");
    }

    [Fact]
    public async Task A_session_listed_only_in_the_unsharded_index_of_earlier_versions_is_still_housekept_and_leaves_it()
    {
        var t = RoutingApi.NewTenant("legacy");
        await _documents.WriteAsync(t, TenantDocuments.Document(housekeeping: Limits(abandonSeconds: 2, resolveSeconds: 3600)));
        var actors = system.SessionsServices.GetRequiredService<IActorProxyFactory>();
        var created = await _api.CreateAsync(t, "v1", text: "hello");
        var share = actors.Index(t, created.SessionId);
        await Eventually.Until(share.ListAsync, ids => ids.Contains(created.SessionId), 10, "the session in its index share");

        // As an index written before the shares: the session only in the tenant's one actor.
        await share.TrackAsync(new TrackedSession(created.SessionId, SessionStatus.Resolved, long.MaxValue));
        var unsharded = actors.CreateActorProxy<IOpenSessionIndexActor>(OpenSessionIndexRules.Unsharded(t), ActorTypes.OpenSessionIndex);
        await unsharded.TrackAsync(new TrackedSession(created.SessionId, SessionStatus.Queued, created.Version));

        var ended = await ChangeAsync(created.SessionId, c => c.Session.Status == SessionStatus.Resolved, "resolved");
        Assert.Equal(TimelineEvents.Resolved, ended.Change);
        await Eventually.Until(unsharded.ListAsync, ids => ids.Count == 0, 10, "the unsharded index emptied by the job");
    }

    [Fact]
    public async Task A_visitor_who_keeps_writing_is_not_abandoned_while_a_silent_one_is()
    {
        var t = RoutingApi.NewTenant("alive");
        await _documents.WriteAsync(t, TenantDocuments.Document(housekeeping: Limits(abandonSeconds: 3, resolveSeconds: 3600)));
        var talking = await _api.CreateAsync(t, "v-talking", text: "hello");
        var silent = await _api.CreateAsync(t, "v-silent", text: "hello");

        var silentEnded = ChangeAsync(silent.SessionId, c => c.Session.Status == SessionStatus.Resolved, "silent resolved");
        for (var i = 0; !silentEnded.IsCompleted; i++)
        {
            using var sent = await _api.AppendAsync(t, talking.SessionId, new AppendTextRequest($"k{i}", Roles.Visitor, "v-talking", null, "still here"));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            await Task.WhenAny(silentEnded, Task.Delay(500));
        }

        await silentEnded;
        Assert.Equal(SessionStatus.Queued, (await _api.SessionAsync(t, talking.SessionId)).Status);
    }

    [Fact]
    public async Task An_assigned_session_idle_past_the_limit_is_resolved_and_the_agent_is_freed()
    {
        var t = RoutingApi.NewTenant("idle");
        await _documents.WriteAsync(t, TenantDocuments.Document(housekeeping: Limits(abandonSeconds: 3600, resolveSeconds: 2)));
        await _api.PresenceAsync(t, "alice", AgentPresence.Online, ["general"]);
        var created = await _api.CreateAsync(t, "v1", text: "hello");
        await _api.OfferedAsync(t, created.SessionId, "alice");
        var assigned = await _api.AcceptOkAsync(t, created.SessionId, "alice");

        var ended = await ChangeAsync(created.SessionId, c => c.Session.Status == SessionStatus.Resolved, "resolved");
        var timeline = await _api.TimelineAsync(t, created.SessionId);

        Assert.True(ended.Session.ResolvedAt - assigned.AssignedAt >= TimeSpan.FromSeconds(2));
        var last = timeline[^1];
        Assert.Equal((TimelineEvents.Resolved, "housekeeping", "resolved"), (last.Event, last.From.Id, last.Text));
        Assert.Empty((await _api.AgentAsync(t, "alice")).Sessions);
    }

    [Fact]
    public async Task An_offline_ticket_is_not_abandoned_for_its_visitors_absence()
    {
        var t = RoutingApi.NewTenant("ticket");
        await _documents.WriteAsync(t, TenantDocuments.Document(ClosedToday(), Limits(abandonSeconds: 1, resolveSeconds: 3600)));
        var ticket = await _api.CreateAsync(t, "v1", text: "call me back");
        var control = RoutingApi.NewTenant("ticket-control");
        await _documents.WriteAsync(control, TenantDocuments.Document(housekeeping: Limits(abandonSeconds: 1, resolveSeconds: 3600)));
        var queued = await _api.CreateAsync(control, "v1", text: "hello");

        // The control session (queued, same limit) is abandoned by a housekeeping run; the ticket, older, is not.
        await ChangeAsync(queued.SessionId, c => c.Session.Status == SessionStatus.Resolved, "control abandoned");

        Assert.Equal(SessionStatus.Offline, (await _api.SessionAsync(t, ticket.SessionId)).Status);
    }
}
