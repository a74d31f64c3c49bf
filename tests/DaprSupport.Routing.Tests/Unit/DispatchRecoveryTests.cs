using System.Collections.Concurrent;
using System.Reflection;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Client;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Sessions.Coordination;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaprSupport.Routing.Tests.Unit;

/// <summary>
/// Dispatch always recovers: a pass that failed because the sessions app refused calls runs again after a jittered
/// backoff, by itself, and the sessions it was to enqueue are not lost; a burst of starts is one router turn.
/// </summary>
public sealed class DispatchRecoveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pass_failed_while_the_app_refused_calls_runs_again_by_itself_and_keeps_its_sessions()
    {
        var actors = new FakeActors(refusals: 3);
        using var dapr = new DaprClientBuilder().Build();
        var dispatcher = actors.Dispatcher(dapr);

        var start = dispatcher.EnqueueAsync("t", Entry("s-1"));

        // The caller's start fails with the refusal (the visitor retries it); nobody asks for another pass.
        await Assert.ThrowsAsync<HttpRequestException>(() => start.WaitAsync(Patience));
        var offer = await actors.Told.Task.WaitAsync(Patience);
        Assert.EndsWith("s-1", offer.SessionId, StringComparison.Ordinal);
        Assert.Equal(4, actors.Turns.Count);
        Assert.Equal(["s-1"], actors.Turns[^1]);
    }

    [Fact]
    public async Task Starts_arriving_during_a_pass_share_the_next_router_turn()
    {
        var actors = new FakeActors(refusals: 0) { Gate = new(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var dapr = new DaprClientBuilder().Build();
        var dispatcher = actors.Dispatcher(dapr);

        var first = dispatcher.EnqueueAsync("t", Entry("s-0"));
        await actors.InTurn.Task.WaitAsync(Patience);
        var burst = Enumerable.Range(1, 20).Select(i => dispatcher.EnqueueAsync("t", Entry($"s-{i}"))).ToList();
        actors.Gate.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(Enumerable.Range(2, 20), await Task.WhenAll(burst));
        Assert.Equal(2, actors.Turns.Count);
        Assert.Equal(20, actors.Turns[1].Count);
    }

    [Fact]
    public void Backoff_grows_to_its_cap_spreads_over_the_upper_half_of_each_step_and_ends()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), DispatchBackoff.Delay(0, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), DispatchBackoff.Delay(0, 1));
        Assert.Equal(TimeSpan.FromMilliseconds(300), DispatchBackoff.Delay(1, 0.5));
        Assert.Equal(DispatchBackoff.Cap, DispatchBackoff.Delay(DispatchBackoff.MaxAttempts - 1, 1));
        Assert.Null(DispatchBackoff.Delay(DispatchBackoff.MaxAttempts, 0.5));
        var spread = Enumerable.Range(0, 10).Select(i => DispatchBackoff.Delay(3, i / 10.0)).Distinct().Count();
        Assert.Equal(10, spread);
    }

    private static QueueEntry Entry(string sessionId) =>
        new(sessionId, "general", 0, DateTimeOffset.UnixEpoch, null, []);

    /// <summary>
    /// A router that refuses its first turns as an unreachable app would, then enqueues (positions in arrival order)
    /// and offers the first session it ever saw; session actors that accept every offer.
    /// </summary>
    public sealed class FakeActors(int refusals) : IActorProxyFactory
    {
        private int _refused;
        private int _positions;

        public ConcurrentQueue<IReadOnlyList<string>> TurnLog { get; } = new();

        public List<IReadOnlyList<string>> Turns => [.. TurnLog];

        public TaskCompletionSource<PlannedOffer> Told { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource InTurn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? Gate { get; init; }

        public ConcurrentQueue<AgentSnapshot> Upserts { get; } = new();

        /// <summary>Every actor method called, as "ActorId.Method", in order.</summary>
        public ConcurrentQueue<string> Calls { get; } = new();

        /// <summary>What a session's resolve or transfer answers.</summary>
        public SessionResult? Answer { get; set; }

        /// <summary>Whether the router refuses settles, as one hosted by a replica of the previous release does.</summary>
        public bool SettleUnknown { get; init; }

        /// <summary>The sessions the router was asked to settle (forget, with the agent's view in the same turn).</summary>
        public ConcurrentQueue<string> Settled { get; } = new();

        /// <summary>The entries the router was asked to enqueue directly (not in a dispatch turn).</summary>
        public ConcurrentQueue<QueueEntry> Enqueued { get; } = new();

        /// <summary>What an agent's snapshot read answers.</summary>
        public AgentSnapshot? Agent { get; set; }

        /// <summary>The offers the router's next agent upsert says it withdrew (then none).</summary>
        public ConcurrentQueue<IReadOnlyList<PlannedOffer>> WithdrawnByUpsert { get; } = new();

        /// <summary>Set when a session is told its offer was withdrawn; the answer waits for <see cref="WithdrawGate"/>.</summary>
        public TaskCompletionSource Withdrawing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? WithdrawGate { get; init; }

        /// <summary>A dispatcher over these actors (its queue positions published through <paramref name="dapr"/>).</summary>
        public OfferDispatcher Dispatcher(DaprClient dapr) =>
            new(this, new QueuePositionPublisher(this, dapr, NullLogger<QueuePositionPublisher>.Instance),
                TimeProvider.System, NullLogger<OfferDispatcher>.Instance);

        public TProxy CreateActorProxy<TProxy>(ActorId actorId, string actorType, ActorProxyOptions? options = null)
            where TProxy : IActor
        {
            var proxy = DispatchProxy.Create<TProxy, Fake>();
            ((Fake)(object)proxy).Owner = this;
            ((Fake)(object)proxy).ActorId = actorId.GetId();
            return proxy;
        }

        public object CreateActorProxy(ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null) =>
            throw new NotSupportedException();

        public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) =>
            throw new NotSupportedException();

        internal async Task<DispatchTurn> DispatchAsync(DispatchTurnRequest request)
        {
            TurnLog.Enqueue([.. request.Enqueue.Select(e => e.SessionId)]);
            InTurn.TrySetResult();
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Interlocked.Increment(ref _refused) <= refusals)
            {
                throw new HttpRequestException("Connection refused (127.0.0.1:5102)");
            }

            var positions = request.Enqueue.ToDictionary(e => e.SessionId, _ => Interlocked.Increment(ref _positions));
            PlannedOffer[] offers = request.Enqueue.Count > 0 && Gate is null
                ? [new PlannedOffer(request.Enqueue[0].SessionId, "a", "o-1", "general", DateTimeOffset.MaxValue)]
                : [];
            return new DispatchTurn(positions, offers, []);
        }
    }

    public class Fake : DispatchProxy
    {
        internal FakeActors Owner { get; set; } = null!;

        internal string ActorId { get; set; } = string.Empty;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Owner.Calls.Enqueue($"{ActorId}.{targetMethod?.Name}");
            return targetMethod?.Name switch
            {
                nameof(IRouterActor.DispatchAsync) => Owner.DispatchAsync((DispatchTurnRequest)args![0]!),
                nameof(ISessionActor.OfferAsync) => Offered((OfferRequest)args![0]!),
                nameof(IRouterActor.UpsertAgentAsync) => Upserted((AgentSnapshot)args![0]!),
                nameof(ISessionActor.ResolveAsync) or nameof(ISessionActor.TransferAsync) => Task.FromResult(Owner.Answer!),
                nameof(IRouterActor.EnqueueAsync) => Enqueue((QueueEntry)args![0]!),
                nameof(IRouterActor.SettleAsync) => Settle((SettleRequest)args![0]!),
                nameof(IRouterActor.RemoveAsync) => Task.CompletedTask,
                nameof(IAgentActor.GetSnapshotAsync) => Task.FromResult(Owner.Agent!),
                nameof(ISessionActor.WithdrawOfferAsync) => Withdrawn(),
                _ => throw new NotSupportedException(targetMethod?.Name),
            };
        }

        private Task<IReadOnlyList<PlannedOffer>> Settle(SettleRequest request)
        {
            if (Owner.SettleUnknown)
            {
                throw new InvalidOperationException("Method SettleAsync not found on actor type RouterActor");
            }

            Owner.Settled.Enqueue(request.SessionId);
            return request.Agent is { } agent ? Upserted(agent) : Task.FromResult<IReadOnlyList<PlannedOffer>>([]);
        }

        private Task<int> Enqueue(QueueEntry entry)
        {
            Owner.Enqueued.Enqueue(entry);
            return Task.FromResult(Owner.Enqueued.Count);
        }

        private Task<IReadOnlyList<PlannedOffer>> Upserted(AgentSnapshot agent)
        {
            Owner.Upserts.Enqueue(agent);
            return Task.FromResult(Owner.WithdrawnByUpsert.TryDequeue(out var withdrawn) ? withdrawn : []);
        }

        private async Task<SessionResult> Withdrawn()
        {
            Owner.Withdrawing.TrySetResult();
            await (Owner.WithdrawGate?.Task ?? Task.CompletedTask);
            return new SessionResult(null, null);
        }

        private Task<SessionResult> Offered(OfferRequest request)
        {
            Owner.Told.TrySetResult(new PlannedOffer(ActorId, request.AgentId, request.OfferId, "general", request.ExpiresAt));
            return Task.FromResult(new SessionResult(null, null));
        }
    }
}
