using DaprSupport.Agents;
using DaprSupport.Foundation.Tests.Infrastructure;

namespace DaprSupport.Foundation.Tests.Services;

/// <summary>Agents (app-id agents): hosts AgentActor and subscribes to nothing.</summary>
public sealed class AgentsServiceTests(NoSidecarFactory<AgentActor> factory) : ServiceContractTests<AgentActor>(factory)
{
    protected override IReadOnlyList<(HttpMethod Method, string Path)> SidecarOnlyRoutes =>
    [(HttpMethod.Get, "/dapr/config"), (HttpMethod.Put, "/actors/AgentActor/demo:a-1/method/GetSnapshotAsync"), (HttpMethod.Put, "/actors/AgentActor/demo:a-1/method/remind/r")];

    protected override string ExpectedSubscriptions => "[]";

    protected override string? ExpectedActorConfig => ActorConfig.For("AgentActor");
}
