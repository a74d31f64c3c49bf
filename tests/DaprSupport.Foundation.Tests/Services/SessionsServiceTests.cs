using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Sessions (app-id sessions): hosts SessionActor, RouterActor, VisitorActor, SlaActor, the lease and configuration actors (services/Configuration) and the singleton-job actors; follows agent changes, router wake-ups, session changes (housekeeping index) and tenant configuration changes.</summary>
public sealed class SessionsServiceTests(NoSidecarFactory<SessionActor> factory) : ServiceContractTests<SessionActor>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [
        (HttpMethod.Get, "/dapr/config"), (HttpMethod.Post, "/v1/tenants/demo/sessions/"), (HttpMethod.Get, "/v1/tenants/demo/sessions/s-1/timeline"),
        (HttpMethod.Put, "/v1/tenants/demo/agents/a-1/presence"),
        (HttpMethod.Post, "/v1/tenants/demo/agents/a-1/connections/c-1/heartbeat"), (HttpMethod.Delete, "/v1/tenants/demo/agents/a-1/connections/c-1"),
        (HttpMethod.Post, "/events/agent-presence"), (HttpMethod.Post, "/events/routing-wakeup"), (HttpMethod.Post, "/events/tenant-config"),
        (HttpMethod.Put, "/actors/SessionActor/demo:s-1/method/GetAsync"), (HttpMethod.Delete, "/actors/SessionActor/demo:s-1"),
    ];

    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "fanout", "topic": "support.tenant-config", "route": "events/tenant-config", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "pubsub", "topic": "support.agents", "route": "events/agent-presence", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 100 } },
          { "pubsubName": "pubsub", "topic": "support.deadletter", "route": "events/deadletter" },
          { "pubsubName": "pubsub", "topic": "support.routing", "route": "events/routing-wakeup", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "pubsub", "topic": "support.sessions", "route": "events/housekeeping/session-changed", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } }
        ]
        """;

    protected override string? ExpectedActorConfig => ActorConfig.For("SessionActor", "RouterActor", "LeaseActor", "TenantConfigActor", "TenantCatalogActor", "VisitorActor", "JobLedgerActor", "OpenSessionIndexActor", "HousekeepingTenantsActor", "SlaActor");
}
