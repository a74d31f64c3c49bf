namespace DaprSupport.DaprEmulator.State;

/// <summary>
/// The concurrency rules daprd's stores share: a non-empty ETag must equal the stored one (an absent key never
/// matches); first-write without an ETag only succeeds when the key is absent; last-write without an ETag always wins.
/// </summary>
internal static class StateETagCheck
{
    public static (string? ETag, StateConcurrency Concurrency) Of(StateOperation operation) => operation switch
    {
        StateUpsert u => (u.Request.ETag, u.Request.Concurrency),
        StateDelete d => (d.Request.ETag, d.Request.Concurrency),
        _ => (null, StateConcurrency.LastWrite),
    };

    /// <summary>Throws <see cref="StateETagMismatchException"/> when the write may not proceed.</summary>
    public static void Verify(StateOperation operation, string? currentETag)
    {
        var (etag, concurrency) = Of(operation);
        if (!string.IsNullOrEmpty(etag))
        {
            if (!string.Equals(etag, currentETag, StringComparison.Ordinal))
            {
                throw new StateETagMismatchException(operation.Key);
            }
        }
        else if (concurrency == StateConcurrency.FirstWrite && currentETag is not null)
        {
            throw new StateETagMismatchException(operation.Key);
        }
    }

    /// <summary>The absolute expiry of a write, or null when it never expires (no TTL, or a TTL of -1).</summary>
    public static DateTimeOffset? ExpiryOf(StateSetRequest request, DateTimeOffset now) =>
        request.Ttl is { } ttl && ttl > TimeSpan.Zero ? now + ttl : null;
}
