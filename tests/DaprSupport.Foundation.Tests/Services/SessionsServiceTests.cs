using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Sessions.Actors;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Sessions (app-id sessions): hosts SessionActor and RouterActor; follows agent changes and router wake-ups.</summary>
public sealed class SessionsServiceTests(NoSidecarFactory<SessionActor> factory) : ServiceContractTests<SessionActor>(factory)
{
    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "pubsub", "topic": "support.agents", "route": "events/agent-presence", "deadLetterTopic": "support.deadletter" },
          { "pubsubName": "pubsub", "topic": "support.deadletter", "route": "events/deadletter" },
          { "pubsubName": "pubsub", "topic": "support.routing", "route": "events/routing-wakeup", "deadLetterTopic": "support.deadletter" }
        ]
        """;

    protected override string? ExpectedActorConfig => ActorConfig.For("SessionActor", "RouterActor");
}
