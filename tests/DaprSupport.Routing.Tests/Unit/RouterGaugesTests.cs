using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Sessions.Metrics;
using DaprSupport.Sessions.Options;
using DaprSupport.Sessions.Routing;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>A tenant's gauges follow its router's state exactly: gone skills are removed, deactivation removes all.</summary>
public sealed class RouterGaugesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Queues_agents_and_targets_follow_the_state_and_disappear_with_the_router()
    {
        var tenant = "gauges-" + Guid.NewGuid().ToString("N")[..8];
        var options = new RoutingOptions();
        var state = RouterState.Empty();
        state.Agents["a"] = new AgentSnapshot(tenant, "a", AgentPresence.Online, ["billing"], 2, ["s-1"], Now);
        state.Agents["b"] = new AgentSnapshot(tenant, "b", AgentPresence.Away, ["sales"], 2, [], Now);
        state.Waiting["s-2"] = new WaitingSession(new QueueEntry("s-2", "sales", 0, Now.AddMinutes(-3), null, []), 1);
        state.Waiting["s-3"] = new WaitingSession(new QueueEntry("s-3", "sales", 0, Now.AddMinutes(-1), null, []), 2);

        RouterGauges.Publish(tenant, state, options);

        Assert.Equal(2, Value(SupportMetrics.QueueWaiting, tenant, "sales"));
        Assert.Equal(Now.AddMinutes(-3).ToUnixTimeSeconds(), Value(SupportMetrics.QueueOldest, tenant, "sales"));
        Assert.Equal(1, Value(SupportMetrics.AgentLoad, tenant, "billing"));
        Assert.Equal(0, Value(SupportMetrics.AgentLoad, tenant, "sales"));
        Assert.Equal(1, Value(SupportMetrics.Agents, tenant, "online"));
        Assert.Equal(1, Value(SupportMetrics.Agents, tenant, "away"));
        Assert.Equal(45, Value(SupportMetrics.SlaTargetSeconds, tenant, "billing", "first_response"));

        state.Waiting.Clear();
        RouterGauges.Publish(tenant, state, options);
        Assert.Null(Value(SupportMetrics.QueueWaiting, tenant, "sales"));
        Assert.Null(Value(SupportMetrics.QueueOldest, tenant, "sales"));

        RouterGauges.Remove(tenant);
        Assert.DoesNotContain(
            new[] { SupportMetrics.QueueWaiting, SupportMetrics.AgentLoad, SupportMetrics.Agents, SupportMetrics.SlaTargetSeconds, SupportMetrics.SlaTargetRatio },
            g => g.GetAllLabelValues().Any(l => l[0] == tenant));
    }

    private static double? Value(Prometheus.Gauge gauge, params string[] labels) =>
        gauge.GetAllLabelValues().Any(l => l.SequenceEqual(labels)) ? gauge.WithLabels(labels).Value : null;
}
