using DaprSupport.Foundation.Tests.Infrastructure;
using DaprSupport.Sessions;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Sessions (app-id sessions): hosts SessionActor and follows agent presence on the pubsub component.</summary>
public sealed class SessionsServiceTests(NoSidecarFactory<SessionActor> factory) : ServiceContractTests<SessionActor>(factory)
{
    protected override string ExpectedSubscriptions => """
        [
          { "pubsubName": "pubsub", "topic": "support.agents", "route": "events/agent-presence", "deadLetterTopic": "support.deadletter" }
        ]
        """;

    protected override string? ExpectedActorConfig => ActorConfig.For("SessionActor");
}
