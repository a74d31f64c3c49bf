using System.Collections.Concurrent;
using Dapr;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// An observer app's subscription to <c>support.sla-breached</c>: every breach it receives, by session and kind, for
/// tests to await. The app maps CloudEvents and its subscribe handler itself.
/// </summary>
public sealed class BreachObserver
{
    private readonly ConcurrentDictionary<(string SessionId, string Kind), ConcurrentQueue<SlaBreach>> _received = new();
    private readonly ConcurrentDictionary<(string SessionId, string Kind), TaskCompletionSource<SlaBreach>> _first = new();

    /// <summary>Completes with the first breach of this kind for the session that reaches the observer.</summary>
    public Task<SlaBreach> BreachFor(string sessionId, string kind) => First(sessionId, kind).Task;

    /// <summary>Every breach of this kind for the session received so far (a republished one included).</summary>
    public IReadOnlyList<SlaBreach> Received(string sessionId, string kind) =>
        _received.TryGetValue((sessionId, kind), out var all) ? [.. all] : [];

    public void Map(WebApplication app) =>
        app.MapPost("/sla-breached", (SlaBreach breach) =>
        {
            _received.GetOrAdd((breach.SessionId, breach.Kind), _ => new ConcurrentQueue<SlaBreach>()).Enqueue(breach);
            First(breach.SessionId, breach.Kind).TrySetResult(breach);
            return Results.Ok();
        }).WithTopic(DaprSupport.Contracts.Components.PubSub, Topics.SlaBreached);

    private TaskCompletionSource<SlaBreach> First(string sessionId, string kind) =>
        _first.GetOrAdd((sessionId, kind), _ => new TaskCompletionSource<SlaBreach>(TaskCreationOptions.RunContinuationsAsynchronously));
}
