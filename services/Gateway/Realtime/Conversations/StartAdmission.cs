using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// Graceful overload for session starts: per tenant, at most <see cref="StartAdmissionOptions.MaxInFlight"/> creates
/// with the sessions service at once from this replica, a short queue in arrival order, and a refusal — the visitor's
/// <c>unavailable</c> with <c>retryAfterMs</c> — once the queue is full or a start has waited
/// <see cref="StartAdmissionOptions.QueueTimeout"/>. The retry carries the same <c>clientMsgId</c>, so it lands on the
/// one session the sessions service creates for it.
/// </summary>
public sealed class StartAdmission : IDisposable
{
    private readonly StartAdmissionOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _tenants;

    public StartAdmission(IOptions<StartAdmissionOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _tenants = PartitionedRateLimiter.Create<string, string>(tenant => RateLimitPartition.GetConcurrencyLimiter(
            tenant,
            _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = _options.MaxInFlight,
                QueueLimit = _options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    /// <summary>
    /// A slot for one start of the tenant, or (at once when the queue is full, else after the queue timeout) the
    /// refusal with its retry-after. Dispose the permit when the create has answered.
    /// </summary>
    public async ValueTask<StartPermit> EnterAsync(string tenant, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.QueueTimeout, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        RateLimitLease lease;
        try
        {
            lease = await _tenants.AcquireAsync(tenant, 1, wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Refused();
        }

        if (lease.IsAcquired)
        {
            return new StartPermit(lease, null);
        }

        lease.Dispose();
        return Refused();
    }

    /// <summary>How long a refused visitor waits: the configured least, plus up to as much again at random.</summary>
    public long RetryAfterMs(double jitter) =>
        (long)Math.Ceiling(_options.RetryAfter.TotalMilliseconds * (1 + Math.Clamp(jitter, 0, 1)));

    public void Dispose() => _tenants.Dispose();

    private StartPermit Refused() => new(null, RetryAfterMs(Random.Shared.NextDouble()));

    /// <summary>Validation of <see cref="StartAdmissionOptions"/>, for <c>AddOptions().Validate()</c>.</summary>
    internal static bool IsValid(StartAdmissionOptions o) =>
        o.MaxInFlight > 0 && o.QueueLimit >= 0 && o.QueueTimeout > TimeSpan.Zero && o.RetryAfter > TimeSpan.Zero;
}

/// <summary>A start's place with the sessions service, or its refusal (<see cref="RetryAfterMs"/> set).</summary>
public readonly struct StartPermit(RateLimitLease? lease, long? retryAfterMs) : IDisposable
{
    public bool Admitted => lease is not null;

    /// <summary>For a refusal: when the visitor should send the start again.</summary>
    public long? RetryAfterMs => retryAfterMs;

    public void Dispose() => lease?.Dispose();
}
