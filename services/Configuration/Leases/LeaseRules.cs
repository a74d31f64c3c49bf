namespace DaprSupport.Configuration.Leases;

/// <summary>
/// The lease decisions, apart from the actor that stores them: each takes the current state and the actor's clock
/// and returns the answer and the state to keep (unchanged when refused). An expired lease is free; a new grant
/// always gets the next fencing token.
/// </summary>
public static class LeaseRules
{
    /// <summary>The longest lease a caller may ask for: holders renew, nothing holds a resource for a day.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    public const int MaxOwnerLength = 256;

    public static bool IsHeld(LeaseState state, DateTimeOffset now) =>
        state.Owner is not null && now < state.ExpiresAt;

    public static (LeaseResult Result, LeaseState State) Acquire(
        LeaseState state, LeaseRequest request, DateTimeOffset now)
    {
        if (Invalid(request) is { } invalid)
        {
            return (invalid, state);
        }

        if (IsHeld(state, now))
        {
            if (state.Owner != request.Owner)
            {
                return (Refused(LeaseOutcome.Held, state), state);
            }

            // The holder asking again (a retried call): the same grant, extended.
            var again = state with { ExpiresAt = now + request.Ttl };
            return (Answer(LeaseOutcome.Granted, again), again);
        }

        var granted = new LeaseState(request.Owner, state.Token + 1, now + request.Ttl);
        return (Answer(LeaseOutcome.Granted, granted), granted);
    }

    public static (LeaseResult Result, LeaseState State) Renew(
        LeaseState state, LeaseRequest request, DateTimeOffset now)
    {
        if (Invalid(request) is { } invalid)
        {
            return (invalid, state);
        }

        if (!IsGrant(state, request))
        {
            return (Refused(LeaseOutcome.NotOwner, state), state);
        }

        if (!IsHeld(state, now))
        {
            return (Refused(LeaseOutcome.Expired, state), state);
        }

        var renewed = state with { ExpiresAt = now + request.Ttl };
        return (Answer(LeaseOutcome.Renewed, renewed), renewed);
    }

    public static (LeaseResult Result, LeaseState State) Release(
        LeaseState state, LeaseRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(request.Owner))
        {
            return (new LeaseResult(LeaseOutcome.Invalid, 0, null, null), state);
        }

        if (!IsGrant(state, request))
        {
            return (Refused(LeaseOutcome.NotOwner, state), state);
        }

        if (!IsHeld(state, now))
        {
            return (Refused(LeaseOutcome.Expired, state), state);
        }

        var released = state with { Owner = null, ExpiresAt = now };
        return (new LeaseResult(LeaseOutcome.Released, state.Token, now, null), released);
    }

    private static bool IsGrant(LeaseState state, LeaseRequest request) =>
        state.Owner is not null && state.Owner == request.Owner && state.Token == request.Token;

    private static LeaseResult? Invalid(LeaseRequest request) =>
        string.IsNullOrEmpty(request.Owner)
        || request.Owner.Length > MaxOwnerLength
        || request.Ttl <= TimeSpan.Zero
        || request.Ttl > MaxTtl
            ? new LeaseResult(LeaseOutcome.Invalid, 0, null, null)
            : null;

    private static LeaseResult Answer(LeaseOutcome outcome, LeaseState state) =>
        new(outcome, state.Token, state.ExpiresAt, state.Owner);

    private static LeaseResult Refused(LeaseOutcome outcome, LeaseState state) =>
        state.Owner is null
            ? new LeaseResult(outcome, state.Token, null, null)
            : new LeaseResult(outcome, state.Token, state.ExpiresAt, state.Owner);
}
