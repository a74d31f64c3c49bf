using Dapr.Actors;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// A share of one tenant's sessions that are not resolved (actor id: the tenant and a bucket of the session id, see
/// <see cref="OpenSessionIndexRules.ActorId"/>), kept from the session lifecycle events, so the housekeeping job knows
/// which sessions to look at without scanning the store. A late event costs nothing worse than a session looked at
/// once more (the job asks each session actor for its real state, and forgets resolved ones). Only the events that
/// can add or remove a session reach a share (<see cref="OpenSessionIndexRules.Concerns"/>), so a session whose
/// joining event was dead-lettered is housekept from its next queued, requeued, transferred or reopened event.
/// </summary>
public interface IOpenSessionIndexActor : IActor
{
    Task TrackAsync(TrackedSession session);

    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>
    /// The sessions with when each was last queued, as far as this activation saw (null: not seen since it was
    /// activated, or not queued). Housekeeping skips a session queued too recently for any rule to apply.
    /// </summary>
    Task<IReadOnlyList<ListedSession>> ListWithQueuedAtAsync();
}

/// <summary>
/// A session's id, status and version as one lifecycle event carried them, and when it was queued (null: not queued,
/// or a track from the job itself).
/// </summary>
public sealed record TrackedSession(
    string SessionId, SessionStatus Status, long Version, DateTimeOffset? QueuedAt = null);

/// <summary>A session an index share lists, and when it was last queued if the share knows.</summary>
public sealed record ListedSession(string SessionId, DateTimeOffset? QueuedAt);

/// <summary>The tenants that have had open sessions (one actor, id <c>tenants</c>).</summary>
public interface IHousekeepingTenantsActor : IActor
{
    Task AddAsync(string tenant);

    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>What an event does to the index: nothing, a newer version of a session it holds (kept in memory only:
/// the set is what the job needs), or a session that joins or leaves (saved).</summary>
public enum IndexChange
{
    None,
    Newer,
    Added,
    Removed,
}

/// <summary>The index's decisions, pure.</summary>
public static class OpenSessionIndexRules
{
    /// <summary>
    /// Shares of a tenant's index. Every session change of a tenant was a turn of one actor that saved the whole set,
    /// so under a start storm that actor was the queue every start waited in. Fixed: a different count would leave
    /// sessions in shares nobody lists.
    /// </summary>
    public const int Buckets = 16;

    /// <summary>The share of a session: <c>{tenant}:index-{bucket}</c>.</summary>
    public static ActorId ActorId(string tenant, string sessionId) =>
        Bucket(tenant, Routing.RouterBuckets.BucketOf(sessionId, Buckets));

    public static ActorId Bucket(string tenant, int bucket) => new($"{tenant}:index-{bucket:D2}");

    /// <summary>Before the index had shares, one actor per tenant (id: the tenant) held it all; the job still lists
    /// it until the sessions it holds are resolved.</summary>
    public static ActorId Unsharded(string tenant) => new(tenant);

    /// <summary>
    /// Whether a lifecycle change can make a session join or leave the index, so its share needs the event. An offer,
    /// an accept, a withdrawn offer and a takeover happen only to a session that is open already: its join (queued,
    /// offline or reopened) came before on the session's partition, and the newer version would only be kept in
    /// memory. Those events skip the share's turn: two of a start's four.
    /// </summary>
    public static bool Concerns(string change) =>
        change is not (SessionChanges.Offered or SessionChanges.Assigned or SessionChanges.OfferWithdrawn
            or SessionChanges.TakenOver);

    /// <summary>By version: an older event changes nothing; resolved (or unknown) leaves, anything else is
    /// there.</summary>
    public static IndexChange Decide(IReadOnlyDictionary<string, long> open, TrackedSession change)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(change);
        var present = open.TryGetValue(change.SessionId, out var known);
        if (present && known > change.Version)
        {
            return IndexChange.None;
        }

        if (change.Status is SessionStatus.Resolved or SessionStatus.None)
        {
            return present ? IndexChange.Removed : IndexChange.None;
        }

        return !present ? IndexChange.Added : known == change.Version ? IndexChange.None : IndexChange.Newer;
    }

    /// <summary>
    /// Keeps when each listed session was last queued, from the change that carried it: a queued session's time is
    /// set (or moved on), anything else about the session forgets it (the job then looks at the session).
    /// </summary>
    public static void ApplyQueuedAt(
        IDictionary<string, DateTimeOffset> queuedAt, TrackedSession session, IndexChange change)
    {
        ArgumentNullException.ThrowIfNull(queuedAt);
        ArgumentNullException.ThrowIfNull(session);
        if (change is IndexChange.None)
        {
            return;
        }

        if (change is not IndexChange.Removed && session is { Status: SessionStatus.Queued, QueuedAt: { } at })
        {
            queuedAt[session.SessionId] = at;
        }
        else
        {
            queuedAt.Remove(session.SessionId);
        }
    }

    /// <summary>Applies <paramref name="change"/> (decided for <paramref name="session"/>) to the set.</summary>
    public static void Apply(IDictionary<string, long> open, TrackedSession session, IndexChange change)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(session);
        switch (change)
        {
            case IndexChange.Removed:
                open.Remove(session.SessionId);
                break;
            case IndexChange.Added or IndexChange.Newer:
                open[session.SessionId] = session.Version;
                break;
        }
    }
}
