using System.Collections.Concurrent;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Reuses remoting proxies per (interface, actor type, actor id). Dapr.Actors 1.19 builds, for every proxy it creates
/// with JSON serialization, a new serialization provider whose serializers copy the <c>JsonSerializerOptions</c> and
/// add their own converters, so System.Text.Json rebuilds every type's metadata (reflection over attributes) for the
/// first call of each proxy; with a proxy per call that was most of the gateway's CPU per message. A proxy holds no
/// per-call state and may be used concurrently. At most <see cref="MaxCached"/> are kept (then the cache starts over).
/// </summary>
public sealed class CachedActorProxyFactory(IActorProxyFactory inner) : IActorProxyFactory
{
    public const int MaxCached = 4096;

    private readonly ConcurrentDictionary<(Type Interface, string ActorType, string ActorId), object> _proxies = new();

    public TActorInterface CreateActorProxy<TActorInterface>(
        ActorId actorId, string actorType, ActorProxyOptions? options = null)
        where TActorInterface : IActor =>
        (TActorInterface)CreateActorProxy(actorId, typeof(TActorInterface), actorType, options);

    public object CreateActorProxy(
        ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        if (options is not null)
        {
            return inner.CreateActorProxy(actorId, actorInterfaceType, actorType, options);
        }

        var key = (actorInterfaceType, actorType, actorId.GetId());
        if (_proxies.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_proxies.Count >= MaxCached)
        {
            _proxies.Clear();
        }

        return _proxies.GetOrAdd(key, k => inner.CreateActorProxy(actorId, k.Interface, k.ActorType));
    }

    public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) =>
        inner.Create(actorId, actorType, options);

    /// <summary>How many proxies are kept now.</summary>
    public int Count => _proxies.Count;
}
