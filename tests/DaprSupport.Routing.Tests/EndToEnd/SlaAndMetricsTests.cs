using System.Net;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Routing.Tests.Infrastructure;

namespace DaprSupport.Routing.Tests.EndToEnd;

/// <summary>
/// SLA breaches and Prometheus metrics (issue 4, "SLA"): an actor reminder (Dapr reference/api/actors_api) appends an
/// sla_breached event and publishes on support.sla-breached (reference/api/pubsub_api) to a subscriber app.
/// </summary>
[Collection(RoutingSystemCollection.Name)]
public sealed class SlaAndMetricsTests(RoutingSystemFixture fixture)
{
    private readonly RoutingApi _api = fixture.Api;

    [Fact]
    public async Task First_response_and_resolution_breaches_are_recorded_and_published()
    {
        var t = RoutingSystemFixture.Tenants.Sla;
        await _api.PresenceAsync(t, "a", AgentPresence.Online, ["vip"]);
        await using var keepAlive = HeartbeatLoop.Start(_api, t, "a");
        var silent = (await _api.CreateAsync(t, "v1", skill: "vip")).SessionId;
        await _api.OfferedAsync(t, silent, "a");
        await _api.AcceptOkAsync(t, silent, "a");
        var answered = (await _api.CreateAsync(t, "v2", skill: "vip")).SessionId;
        await _api.OfferedAsync(t, answered, "a");
        await _api.AcceptOkAsync(t, answered, "a");
        using (var reply = await _api.AppendAsync(t, answered, new AppendTextRequest("r1", Roles.Agent, "a", null, "hi")))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        var breach = await fixture.BreachFor(silent, SlaBreach.FirstResponse).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal((t, "vip", SlaBreach.FirstResponse, TimeSpan.FromSeconds(3)), (breach.Tenant, breach.Skill, breach.Kind, breach.Threshold));
        var timeline = await _api.TimelineAsync(t, silent);
        Assert.Contains(timeline, i => i.Event == TimelineEvents.SlaBreached && i.Text == SlaBreach.FirstResponse);
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(i => i.Seq));

        // The answered session only breaches its resolution threshold (5 s after creation). Its reply came within the
        // first-response threshold (3 s from the accept: room for a loaded two-core CI machine, where 1 s was not).
        var resolution = await fixture.BreachFor(answered, SlaBreach.Resolution).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(SlaBreach.Resolution, resolution.Kind);
        Assert.DoesNotContain(await _api.TimelineAsync(t, answered), i => i.Text == SlaBreach.FirstResponse);
    }

    [Fact]
    public async Task Metrics_have_one_vocabulary_and_mean_what_they_say()
    {
        var t = RoutingApi.NewTenant("metrics");
        await _api.PresenceAsync(t, "a", AgentPresence.Online, ["billing"]);
        var s = (await _api.CreateAsync(t, "v1", skill: "billing")).SessionId;
        await _api.OfferedAsync(t, s, "a");
        await _api.AcceptOkAsync(t, s, "a");
        (await _api.AppendAsync(t, s, new AppendTextRequest("r", Roles.Agent, "a", null, "hello"))).Dispose();
        (await _api.AppendAsync(t, s, new AppendTextRequest("r2", Roles.Agent, "a", null, "again"))).Dispose();
        var waiting = (await _api.CreateAsync(t, "v2", skill: "sales", priority: 3)).SessionId;
        var abandoned = (await _api.CreateAsync(t, "v3", skill: "sales")).SessionId;
        (await _api.ResolveAsync(t, s, "a", Roles.Agent)).Dispose();
        (await _api.ResolveAsync(t, abandoned, "v3", Roles.Visitor)).Dispose();
        Assert.Equal(SessionStatus.Queued, (await _api.SessionAsync(t, waiting)).Status);

        var metrics = await _api.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var labels = $"tenant=\"{t}\",skill=\"billing\"";
        var sales = $"tenant=\"{t}\",skill=\"sales\"";
        Assert.Contains($"support_sessions_created_total{{{labels}}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sessions_created_total{{{sales}}} 2", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_queue_wait_seconds_count{{{labels},outcome=\"assigned\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_queue_wait_seconds_count{{{sales},outcome=\"abandoned\"}} 1", metrics, StringComparison.Ordinal);
        // Observed once per session (the second agent text is not a first response).
        Assert.Contains($"support_first_response_seconds_count{{{labels}}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_resolution_seconds_count{{{labels}}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sessions_total{{{labels},outcome=\"resolved\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sessions_total{{{sales},outcome=\"abandoned\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_offers_total{{{labels},outcome=\"offered\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_offers_total{{{labels},outcome=\"accepted\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_agent_load{{{labels}}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_agents{{tenant=\"{t}\",presence=\"online\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_queue_waiting{{{sales}}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_queue_oldest_enqueued_timestamp_seconds{{{sales}}} ", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sla_target_seconds{{{labels},kind=\"first_response\"}} 45", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sla_target_seconds{{{labels},kind=\"queue_wait\"}} 60", metrics, StringComparison.Ordinal);
        Assert.Contains($"support_sla_target_ratio{{{labels},kind=\"resolution_rate\"}} 0.8", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE support_queue_wait_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE support_sessions_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE support_queue_waiting gauge", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("callcenter_", metrics, StringComparison.Ordinal);
    }
}
