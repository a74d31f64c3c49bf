namespace DaprSupport.Configuration.Leases;

/// <summary>
/// The answer to a lease call. <paramref name="Token"/> is the fencing token of the grant the answer is about
/// (the caller's on success, the current holder's when refused); tokens only grow per resource, so a resource
/// guarded by a lease refuses writes that carry a lower token than one it has seen.
/// </summary>
public sealed record LeaseResult(LeaseOutcome Outcome, long Token, DateTimeOffset? ExpiresAt, string? Holder)
{
    /// <summary>Whether the caller holds the lease after the call.</summary>
    public bool Holds => Outcome is LeaseOutcome.Granted or LeaseOutcome.Renewed;
}
