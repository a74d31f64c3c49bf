using DaprSupport.Agents;
using DaprSupport.Foundation.Tests.Infrastructure;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>
/// Agents (app-id agents): hosts AgentActor and the webhook actors; follows configuration changes (one consumer group per
/// replica, <c>fanout</c>) and the public topics it delivers to webhooks (<c>pubsub</c>, bulk-subscribed: up to 100 events
/// or 500 ms per delivery).
/// </summary>
public sealed class AgentsServiceTests(NoSidecarFactory<AgentActor> factory) : ServiceContractTests<AgentActor>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [(HttpMethod.Get, "/dapr/config"), (HttpMethod.Put, "/actors/AgentActor/demo:a-1/method/GetSnapshotAsync"), (HttpMethod.Put, "/actors/AgentActor/demo:a-1/method/remind/r")];

    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "fanout", "topic": "support.tenant-config", "route": "events/tenant-config", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "pubsub", "topic": "support.agents", "route": "events/webhooks/support.agents", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } },
          { "pubsubName": "pubsub", "topic": "support.reads", "route": "events/webhooks/support.reads", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } },
          { "pubsubName": "pubsub", "topic": "support.sessions", "route": "events/webhooks/support.sessions", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } },
          { "pubsubName": "pubsub", "topic": "support.sla-breached", "route": "events/webhooks/support.sla-breached", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } },
          { "pubsubName": "pubsub", "topic": "support.timeline", "route": "events/webhooks/support.timeline", "deadLetterTopic": "support.deadletter",
            "bulkSubscribe": { "enabled": true, "maxMessagesCount": 100, "maxAwaitDurationMs": 500 } }
        ]
        """;

    protected override string? ExpectedActorConfig => ActorConfig.For("AgentActor", "WebhookActor");
}
