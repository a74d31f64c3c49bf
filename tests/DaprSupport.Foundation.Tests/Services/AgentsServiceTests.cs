using DaprSupport.Agents;
using DaprSupport.Foundation.Tests.Infrastructure;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Agents (app-id agents): hosts AgentActor and subscribes to nothing.</summary>
public sealed class AgentsServiceTests(NoSidecarFactory<AgentActor> factory) : ServiceContractTests<AgentActor>(factory)
{
    protected override string ExpectedSubscriptions => "[]";

    protected override string? ExpectedActorConfig => ActorConfig.For("AgentActor");
}
