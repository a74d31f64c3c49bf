using DaprSupport.Contracts;
using DaprSupport.Testing;
using DaprSupport.Testing.Monitoring;
using static DaprSupport.System.Tests.GatewayTokens;
using static DaprSupport.Testing.ProtocolFrames;

namespace DaprSupport.System.Tests.Monitoring;

/// <summary>
/// deploy/k8s/monitoring against the running system: a real Prometheus scrapes every app of a <see cref="SystemRun"/>
/// during a short load; every dashboard query and rule expression must parse, and each of its vector selectors must
/// return series (a metric or label nothing exports fails here).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PrometheusAgainstRunTests(SystemFixture system)
{
    /// <summary>
    /// daprd's own metrics: the emulator does not export them (docs/emulator-fidelity.md, Known divergences); their
    /// names are checked against daprd's sources by the Foundation monitoring tests instead.
    /// </summary>
    private const string DaprdPrefix = "dapr_";

    /// <summary>
    /// Series a short healthy load does not produce: labelled counters appear only once their event happens (an SLA
    /// breach, a dead letter, a server error), and the SLA and dead-letter paths have tests of their own.
    /// </summary>
    private static readonly HashSet<string> OnlyOnTrouble = new(StringComparer.Ordinal)
    {
        "support_sla_breaches_total", "support_sla_breaches_total{tenant=~\".*\"}", "support_dead_letters_total",
        "http_requests_received_total{code=~\"5..\"}",
    };

    [Fact]
    public async Task Every_dashboard_query_and_rule_parses_and_every_selector_has_series_during_a_short_load()
    {
        var ports = AppIds.All
            .ToDictionary(a => a, a => system.Run.Sidecar(a).Options.AppPort ?? throw new InvalidOperationException(a + " has no app port"), StringComparer.Ordinal);
        await using var prometheus = await PrometheusServer.StartAsync(ports, ShippedMonitoring.RuleFileYaml(TimeSpan.FromSeconds(1)));
        await prometheus.PollAsync(async () => (await prometheus.QueryAsync("up == 1")).Result.Count == ports.Count, $"{ports.Count} targets up", TimeSpan.FromSeconds(30));

        using var http = new HttpClient { BaseAddress = system.Run.GatewayBase };
        var ws = Ws(system.Run);

        // A visitor waits in a queue nobody serves for the whole check (support_queue_waiting exists only then).
        await using var waiting = await SocketClient.ConnectAsync(ws, await VisitorTokenAsync(http, "Waiting visitor"));
        var queued = await StartAsync(waiting, SystemRun.UnservedSkill);
        await waiting.WaitForAsync(f => IsSession(f, queued, "queued"), "queued");
        await DriveShortLoadAsync(http, ws);

        foreach (var gauge in new[] { "support_sla_target_seconds", "support_agents", "support_queue_waiting" })
        {
            await prometheus.PollAsync(async () => (await prometheus.QueryAsync(gauge)).Result.Count > 0, gauge + " series", TimeSpan.FromSeconds(20));
        }

        var queries = ShippedMonitoring.DashboardQueries().Select(q => (q.Where, q.Expr)).Concat(ShippedMonitoring.RuleExpressions()).ToList();
        var selectors = queries.SelectMany(q => ShippedMonitoring.VectorSelectors(q.Expr).Select(s => (q.Where, Selector: s)))
            .Where(s => !s.Selector.StartsWith(DaprdPrefix, StringComparison.Ordinal) && !OnlyOnTrouble.Contains(s.Selector))
            .ToList();
        Assert.Contains(selectors, s => s.Selector.StartsWith("support:", StringComparison.Ordinal));

        // Scrapes (and the 1s rule evaluations) catch up with the load: wait until every selector has series.
        var missing = new List<string>();
        try
        {
            await prometheus.PollAsync(async () =>
            {
                missing.Clear();
                foreach (var (where, selector) in selectors)
                {
                    if ((await prometheus.QueryAsync(selector)).Result.Count == 0)
                    {
                        missing.Add($"{where}: {selector}");
                    }
                }

                return missing.Count == 0;
            }, "series for every selector", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail("Selectors without series:\n" + string.Join("\n", missing.Distinct()));
        }

        var failed = new List<string>();
        foreach (var (where, expr) in queries)
        {
            var (status, _, body) = await prometheus.QueryAsync(expr);
            if (status != "success")
            {
                failed.Add($"{where}: {body}");
            }
        }

        Assert.Empty(failed);
    }

    [Theory]
    [InlineData("sum by (le, tenant) (rate(support_x_bucket{tenant=~\".*\"}[5m])) > on (tenant) group_left () max(support_y)",
        "support_x_bucket{tenant=~\".*\"}", "support_y")]
    [InlineData("time() - min by (tenant) (support_z)", "support_z", null)]
    public void Selectors_are_the_metric_references_not_functions_labels_or_durations(string expr, string first, string? second)
    {
        var selectors = ShippedMonitoring.VectorSelectors(expr);

        Assert.Equal(second is null ? [first] : new[] { first, second }, selectors);
    }

    /// <summary>Two agents (one skill each), three visitors offered, accepted, messages both ways, resolved; one visitor abandons.</summary>
    private static async Task DriveShortLoadAsync(HttpClient http, Uri ws)
    {
        var skills = SystemRun.PrometheusSkills;
        await using var alice = await OnlineAgentAsync(ws, await StaffTokenAsync(http, "prom-a-" + Guid.NewGuid().ToString("N")[..6], [skills[0]], 2));
        await using var bob = await OnlineAgentAsync(ws, await StaffTokenAsync(http, "prom-b-" + Guid.NewGuid().ToString("N")[..6], [skills[1]], 2));
        for (var i = 0; i < 3; i++)
        {
            // Each agent serves a skill of its own, so which agent gets the offer is known.
            var agent = i % 2 == 0 ? alice : bob;
            await using var visitor = await SocketClient.ConnectAsync(ws, await VisitorTokenAsync(http, "Prom visitor"));
            var session = await StartAsync(visitor, skills[i % 2]);
            await agent.WaitForAsync(f => IsOffer(f, session), "offer");
            await agent.SendAsync(new { type = "accept", sessionId = session });
            await agent.WaitForAsync(f => IsSession(f, session, "assigned"), "assigned");
            await SendTextAsync(visitor, session, "question " + i);
            await SendTextAsync(agent, session, "answer " + i);
            await visitor.WaitForAsync(f => IsItem(f, session) && Text(f) == "answer " + i, "answer");
            await agent.SendAsync(new { type = "resolve", sessionId = session });
            await agent.WaitForAsync(f => IsSession(f, session, "resolved"), "resolved");
        }

        // One visitor leaves before anyone takes the session: it ends abandoned.
        await using var leaving = await SocketClient.ConnectAsync(ws, await VisitorTokenAsync(http, "Leaving visitor"));
        var abandoned = await StartAsync(leaving, SystemRun.UnservedSkill);
        await leaving.WaitForAsync(f => IsSession(f, abandoned, "queued"), "queued");
        await leaving.SendAsync(new { type = "resolve", sessionId = abandoned });
        await leaving.WaitForAsync(f => IsSession(f, abandoned, "resolved"), "abandoned");
    }
}
