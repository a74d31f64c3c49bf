using Dapr.Actors.Client;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Contracts;

/// <summary>
/// Proxies to the actors of one tenant, by their ids (<see cref="ActorIds"/>): the sessions app calls them all, the
/// gateway the session actor (a text goes straight to it through the gateway's sidecar). How a call travels (remoting,
/// or <see cref="SessionActorClient"/> and <see cref="VisitorActorClient"/> without it) is the factory's choice.
/// </summary>
public static class ActorProxies
{
    public static ISessionActor Session(this IActorProxyFactory actors, string tenant, string sessionId) =>
        actors.CreateActorProxy<ISessionActor>(ActorIds.Session(tenant, sessionId), ActorTypes.Session);

    public static IVisitorActor Visitor(this IActorProxyFactory actors, string tenant, string visitorId) =>
        actors.CreateActorProxy<IVisitorActor>(ActorIds.Visitor(tenant, visitorId), ActorTypes.Visitor);

    public static IRouterActor Router(this IActorProxyFactory actors, string tenant) =>
        actors.CreateActorProxy<IRouterActor>(ActorIds.Router(tenant), ActorTypes.Router);

    public static IAgentActor Agent(this IActorProxyFactory actors, string tenant, string agentId) =>
        actors.CreateActorProxy<IAgentActor>(ActorIds.Agent(tenant, agentId), ActorTypes.Agent);
}
