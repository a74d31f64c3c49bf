using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Gateway;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Gateway (app-id gateway): reads timeline items, session changes, read receipts, queue positions, typing signals and tenant configuration changes from the fanout component for the connections it holds.</summary>
public sealed class GatewayServiceTests(NoSidecarFactory<GatewayService> factory) : ServiceContractTests<GatewayService>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [
        (HttpMethod.Get, "/dapr/subscribe"), (HttpMethod.Post, "/events/timeline"), (HttpMethod.Post, "/events/sessions"),
        (HttpMethod.Post, "/events/reads"), (HttpMethod.Post, "/events/queue-positions"), (HttpMethod.Post, "/events/tenant-config"),
        (HttpMethod.Post, "/events/typing"),
        (HttpMethod.Get, "/no/such/route"),
    ];

    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "fanout", "topic": "support.queue-positions", "route": "events/queue-positions", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "fanout", "topic": "support.reads", "route": "events/reads", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "fanout", "topic": "support.sessions", "route": "events/sessions", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "fanout", "topic": "support.tenant-config", "route": "events/tenant-config", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "fanout", "topic": "support.timeline", "route": "events/timeline", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "fanout", "topic": "support.typing", "route": "events/typing", "deadLetterTopic": "support.deadletter" }
        ]
        """;
}
