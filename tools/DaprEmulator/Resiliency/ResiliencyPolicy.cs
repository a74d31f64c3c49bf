using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DaprSupport.DaprEmulator.Resiliency;

/// <summary>
/// The policies applied to one target (an app, a component direction): retries outermost, then the circuit breaker,
/// then a timeout on each attempt, as daprd's policy runner nests them (dapr/dapr pkg/resiliency/policy.go,
/// <c>NewRunnerWithOptions</c>). <see cref="None"/> runs the operation once. An app target's breakers are per endpoint:
/// <see cref="Endpoints"/> holds them and <see cref="ForEndpoint"/> picks one.
/// </summary>
public sealed class ResiliencyPolicy(string target, TimeSpan? timeout, RetrySpec? retry, CircuitBreaker? breaker, EndpointBreakers? endpoints = null)
{
    public static readonly ResiliencyPolicy None = new("none", null, null, null);

    public string Target { get; } = target;

    public TimeSpan? Timeout { get; } = timeout;

    public RetrySpec? Retry { get; } = retry;

    public CircuitBreaker? Breaker { get; } = breaker;

    /// <summary>The per-endpoint breakers of an app target; null for other targets or when no breaker applies.</summary>
    public EndpointBreakers? Endpoints { get; } = endpoints;

    /// <summary>This policy with the breaker of <paramref name="endpoint"/> (daprd: <c>EndpointPolicy(app, app+":"+method)</c>).</summary>
    public ResiliencyPolicy ForEndpoint(string endpoint) =>
        Endpoints is null ? this : new ResiliencyPolicy($"{Target} endpoint {endpoint}", Timeout, Retry, Endpoints.For(endpoint));

    /// <summary>True when no policy applies, so callers on hot paths may run the operation directly.</summary>
    public bool IsEmpty => Timeout is null && Retry is null && Breaker is null && Endpoints is null;

    /// <summary>
    /// Runs <paramref name="operation"/> under the policies. <paramref name="isFailure"/> classifies a result that is
    /// returned rather than thrown (daprd's <c>CodeError</c> for a non-2xx/3xx answer): the breaker counts every such
    /// failure, while <paramref name="isRetried"/> (default: all failures) says which of them the retry replays, as
    /// daprd makes a CodeError the matching filter rejects permanent only after the breaker has seen it. Thrown errors
    /// (timeouts, transport) are always retried. The last result is returned when retries run out.
    /// Throws <see cref="TimeoutRejectedException"/> when an attempt times out and <see cref="CircuitOpenException"/>
    /// when the breaker refuses the call.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> operation, Func<T, bool>? isFailure, CancellationToken cancellationToken, Func<T, bool>? isRetried = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        isFailure ??= _ => false;
        isRetried ??= _ => true;
        var attempt = Attempt(operation, isFailure);
        if (Retry is null || Retry.MaxRetries == 0)
        {
            return await attempt(cancellationToken);
        }

        var pipeline = new ResiliencePipelineBuilder<T>()
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = Retry.MaxRetries < 0 ? int.MaxValue : Retry.MaxRetries,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Retry.DelayFor(args.AttemptNumber)),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: CircuitOpenException } => false,
                    { Exception: OperationCanceledException } when cancellationToken.IsCancellationRequested => false,
                    { Exception: not null } => true,
                    { Result: var result } => isFailure(result!) && isRetried(result!),
                }),
            })
            .Build();
        return await pipeline.ExecuteAsync(async ct => await attempt(ct), cancellationToken);
    }

    private Func<CancellationToken, Task<T>> Attempt<T>(Func<CancellationToken, Task<T>> operation, Func<T, bool> isFailure)
    {
        var timed = Timeout is { } t && t > TimeSpan.Zero
            ? async ct => await new ResiliencePipelineBuilder().AddTimeout(t).Build().ExecuteAsync(async inner => await operation(inner), ct)
            : operation;
        if (Breaker is null)
        {
            return timed;
        }

        return async ct =>
        {
            Breaker.Enter();
            try
            {
                var result = await timed(ct);
                Breaker.Record(!isFailure(result));
                return result;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                Breaker.Record(false);
                throw;
            }
        };
    }
}
