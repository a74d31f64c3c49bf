using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Foundation.Tests.ServiceDefaults;

/// <summary>
/// Proxies are reused per actor: Dapr.Actors builds new JSON serializers (and System.Text.Json all their metadata)
/// for every proxy it creates, which made a proxy per call the gateway's largest CPU cost per message.
/// </summary>
public sealed class CachedActorProxyFactoryTests
{
    [Fact]
    public void The_same_actor_gets_the_same_proxy_and_another_actor_another()
    {
        var factory = new CachedActorProxyFactory(new ActorProxyFactory());

        var first = factory.Session("t", "s-1");
        var again = factory.Session("t", "s-1");
        var other = factory.Session("t", "s-2");

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(2, factory.Count);
    }

    [Fact]
    public void The_cache_is_bounded_and_explicit_options_bypass_it()
    {
        var factory = new CachedActorProxyFactory(new ActorProxyFactory());
        for (var i = 0; i <= CachedActorProxyFactory.MaxCached; i++)
        {
            factory.Session("t", "s-" + i);
        }

        Assert.InRange(factory.Count, 1, CachedActorProxyFactory.MaxCached);
        var id = new ActorId("t:s-x");
        var own = factory.CreateActorProxy<ISessionActor>(id, ActorTypes.Session, new ActorProxyOptions());
        Assert.NotSame(own, factory.CreateActorProxy<ISessionActor>(id, ActorTypes.Session, new ActorProxyOptions()));
    }

    [Fact]
    public void Session_and_visitor_actors_are_called_without_remoting_and_the_others_with_it()
    {
        var factory = new CachedActorProxyFactory(new ActorProxyFactory(), ActorHostExtensions.PlainClients);

        var session = factory.Session("t", "s-1");
        Assert.IsType<SessionActorClient>(session);
        Assert.Same(session, factory.Session("t", "s-1"));
        Assert.IsType<VisitorActorClient>(factory.Visitor("t", "v-1"));
        Assert.IsType<SessionActorClient>(
            factory.CreateActorProxy<ISessionActor>(new ActorId("t:s-2"), ActorTypes.Session, new ActorProxyOptions()));

        // The router is one per tenant and long-lived: its remoting proxy pays the serializer build once.
        Assert.IsNotType<SessionActorClient>(factory.Router("t"));
        Assert.IsAssignableFrom<ActorProxy>(factory.Router("t"));
    }

    [Fact]
    public void Every_method_of_the_plain_clients_is_a_one_argument_actor_method_the_sdk_dispatches_by_name()
    {
        // Dapr.Actors.AspNetCore dispatches a call without the remoting header by method name, with at most one
        // parameter; the clients name the interface's methods, so each must exist with that shape.
        foreach (var type in ActorHostExtensions.PlainClients.Keys)
        {
            foreach (var method in type.GetMethods())
            {
                Assert.InRange(method.GetParameters().Length, 0, 1);
                Assert.True(typeof(Task).IsAssignableFrom(method.ReturnType), $"{type.Name}.{method.Name}");
            }
        }
    }
}
