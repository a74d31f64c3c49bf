using System.Collections.Concurrent;
using System.Reflection;
using Dapr.Actors;
using Dapr.Actors.Client;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Gateway.Tests.Unit.Fakes;

/// <summary>
/// Session actor proxies for the gateway's direct calls (texts, read marks) that record each call as
/// <c>{actor id}.{method}</c> and answer it: a read mark by anyone but <c>eve</c> is taken, a text gets seq 7.
/// </summary>
internal sealed class FakeSessionActors : IActorProxyFactory, IDisposable
{
    private readonly SemaphoreSlim _called = new(0);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Waits for the next call (10 s at most).</summary>
    public Task WaitForCallAsync() => _called.WaitAsync(TimeSpan.FromSeconds(10));

    public TProxy CreateActorProxy<TProxy>(ActorId actorId, string actorType, ActorProxyOptions? options = null)
        where TProxy : IActor
    {
        var proxy = DispatchProxy.Create<TProxy, SessionActorProxy>();
        ((SessionActorProxy)(object)proxy).Record = method =>
        {
            Calls.Enqueue($"{actorId.GetId()}.{method}");
            _called.Release();
        };
        return proxy;
    }

    public object CreateActorProxy(
        ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null) =>
        throw new NotSupportedException();

    public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) =>
        throw new NotSupportedException();

    public void Dispose() => _called.Dispose();

    public class SessionActorProxy : DispatchProxy
    {
        internal Action<string> Record { get; set; } = _ => { };

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Record(targetMethod!.Name);
            var snapshot = new SessionSnapshot("acme", "s-1", SessionStatus.Assigned, "general", "v-1", "bob", 7);
            return targetMethod.Name switch
            {
                nameof(ISessionActor.MarkReadAsync) => Task.FromResult(((MarkReadRequest)args![0]!).UserId == "eve"
                    ? SessionResult.Fail(SupportError.Forbidden("Not a participant."))
                    : SessionResult.Ok(snapshot)),
                nameof(ISessionActor.AppendTextAsync) => Task.FromResult(new AppendResult(7, false, null)),
                _ => throw new NotSupportedException(targetMethod.Name),
            };
        }
    }
}
