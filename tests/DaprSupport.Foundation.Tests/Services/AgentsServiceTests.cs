using System.Net;
using System.Text;
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

    [Fact]
    public async Task A_webhook_batch_from_daprd_is_answered_with_a_status_per_entry()
    {
        // The envelope daprd POSTs for a bulk subscription: entries of a tenant with no webhooks and a malformed one.
        const string envelope = """
            {"entries":[
              {"entryId":"0","event":{"data":{"tenant":"no-such-tenant","sessionId":"s-1","seq":1},"type":"com.dapr.event.sent"},
               "metadata":{"__partition":"3"},"contentType":"application/cloudevents+json"},
              {"entryId":"1","event":{"data":"not an event","type":"com.dapr.event.sent"},"metadata":{},
               "contentType":"application/cloudevents+json"}],
             "id":"7d1c4a2e-0000-4000-8000-000000000000","metadata":{"pubsubName":"pubsub"},"pubsubname":"pubsub",
             "topic":"support.timeline","type":"com.dapr.event.sent.bulk"}
            """;
        using var content = new StringContent(envelope, Encoding.UTF8, "application/json");

        using var response = await Factory.CreateClient().PostAsync(new Uri("/events/webhooks/support.timeline", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal("""{"statuses":[{"entryId":"0","status":"SUCCESS"},{"entryId":"1","status":"SUCCESS"}]}""",
            await response.Content.ReadAsStringAsync(), "bulk answer");
    }
}
