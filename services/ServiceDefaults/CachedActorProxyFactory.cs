using System.Collections.Concurrent;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Reuses proxies per (interface, actor type, actor id), and calls the interfaces it has a plain client for without
/// remoting. Dapr.Actors 1.19 builds, for every remoting proxy it creates with JSON serialization, a new serialization
/// provider whose serializers copy the <c>JsonSerializerOptions</c> and add their own converters, so System.Text.Json
/// rebuilds every type's metadata (reflection over attributes) for the first call of each proxy. Reuse pays that once
/// per actor; a plain client (<c>ActorProxy.InvokeMethodAsync</c> with the factory's one options instance) never pays
/// it, which matters for actors met once, like a new session. A proxy holds no per-call state and may be used
/// concurrently. At most <see cref="MaxCached"/> are kept (then the cache starts over).
/// </summary>
public sealed class CachedActorProxyFactory(
    IActorProxyFactory inner, IReadOnlyDictionary<Type, Func<ActorProxy, object>>? plainClients = null)
    : IActorProxyFactory
{
    public const int MaxCached = 4096;

    private readonly ConcurrentDictionary<(Type Interface, string ActorType, string ActorId), object> _proxies = new();
    private readonly IReadOnlyDictionary<Type, Func<ActorProxy, object>> _plainClients =
        plainClients ?? new Dictionary<Type, Func<ActorProxy, object>>();

    public TActorInterface CreateActorProxy<TActorInterface>(
        ActorId actorId, string actorType, ActorProxyOptions? options = null)
        where TActorInterface : IActor =>
        (TActorInterface)CreateActorProxy(actorId, typeof(TActorInterface), actorType, options);

    public object CreateActorProxy(
        ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(actorId);
        _plainClients.TryGetValue(actorInterfaceType, out var plain);
        if (options is not null)
        {
            return plain is null
                ? inner.CreateActorProxy(actorId, actorInterfaceType, actorType, options)
                : plain(inner.Create(actorId, actorType, options));
        }

        return Cached(
            (actorInterfaceType, actorType, actorId.GetId()),
            k => plain is null
                ? inner.CreateActorProxy(actorId, k.Interface, k.ActorType)
                : plain(inner.Create(actorId, k.ActorType)));
    }

    public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) =>
        inner.Create(actorId, actorType, options);

    /// <summary>How many proxies are kept now.</summary>
    public int Count => _proxies.Count;

    private object Cached(
        (Type Interface, string ActorType, string ActorId) key,
        Func<(Type Interface, string ActorType, string ActorId), object> create)
    {
        if (_proxies.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_proxies.Count >= MaxCached)
        {
            _proxies.Clear();
        }

        return _proxies.GetOrAdd(key, create);
    }
}
