using DaprSupport.DaprEmulator.Resiliency;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// Finding an actor's host as daprd's router does (dapr/dapr v1.17.0 pkg/actors/router/router.go, <c>Call</c>): a type
/// no host has registered yet is looked up again under the built-in <c>DaprBuiltInActorNotFoundRetries</c> policy
/// (constant 1 s, 5 retries; pkg/resiliency/resiliency.go), so a call made while the hosting app is still starting
/// succeeds once it is placed. A type named under <c>targets.actors</c> gets no built-in retries (daprd's
/// <c>PolicyDefined</c> branch) and its <c>timeout</c> bounds the app's turn (<c>ActorPostLockPolicy</c>).
/// </summary>
public sealed partial class ActorSubsystem
{
    /// <summary>daprd's <c>DaprBuiltInActorNotFoundRetries</c>: constant back-off of 1 s, at most 5 retries.</summary>
    internal static readonly TimeSpan NotFoundRetryInterval = TimeSpan.FromSeconds(1);

    internal const int NotFoundRetries = 5;

    /// <summary>The owner of the actor, waiting for placement as daprd does; throws daprd's "did not find address" at the end.</summary>
    private async Task<(string AppId, ActorTypeSettings Settings)> LookupAsync(ActorKey key, CancellationToken cancellationToken)
    {
        var retries = Host.Resiliency.DefinesActor(key.Type) ? 0 : NotFoundRetries;
        for (var attempt = 0; ; attempt++)
        {
            if (_placement.Lookup(key.Type, key.Id) is { } owner)
            {
                return owner;
            }

            if (attempt >= retries)
            {
                throw ActorApiException.NoAddress(key);
            }

            await Task.Delay(NotFoundRetryInterval, _time, cancellationToken);
        }
    }

    /// <summary>The turn timeout of <c>targets.actors.&lt;type&gt;.timeout</c>, if any.</summary>
    private TimeSpan? TurnTimeoutOf(string actorType) =>
        Host.Resiliency.ForActor(actorType).Timeout is { } t && t > TimeSpan.Zero ? t : null;

    /// <summary>Sends the turn to the app, cut off after the type's turn timeout ("context deadline exceeded").</summary>
    private async Task<HttpResponseMessage> SendTurnAsync(HttpClient http, HttpRequestMessage message, string actorType, CancellationToken cancellationToken)
    {
        if (TurnTimeoutOf(actorType) is not { } timeout)
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ActorApiException.Invoke("context deadline exceeded");
        }
    }
}
