using System.Collections.Concurrent;
using Dapr;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.Routing.Tests.Infrastructure;

/// <summary>
/// An observer app's subscription to <c>support.sla-breached</c>: the first breach of each kind per session, for tests
/// to await. The app maps CloudEvents and its subscribe handler itself.
/// </summary>
public sealed class BreachObserver
{
    private readonly ConcurrentDictionary<(string SessionId, string Kind), TaskCompletionSource<SlaBreach>> _first = new();

    /// <summary>Completes with the first breach of this kind for the session that reaches the observer.</summary>
    public Task<SlaBreach> BreachFor(string sessionId, string kind) => First(sessionId, kind).Task;

    public void Map(WebApplication app) =>
        app.MapPost("/sla-breached", (SlaBreach breach) =>
        {
            First(breach.SessionId, breach.Kind).TrySetResult(breach);
            return Results.Ok();
        }).WithTopic(DaprSupport.Contracts.Components.PubSub, Topics.SlaBreached);

    private TaskCompletionSource<SlaBreach> First(string sessionId, string kind) =>
        _first.GetOrAdd((sessionId, kind), _ => new TaskCompletionSource<SlaBreach>(TaskCreationOptions.RunContinuationsAsynchronously));
}
