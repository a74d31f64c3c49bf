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
}
