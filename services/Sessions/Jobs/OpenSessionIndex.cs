using Dapr.Actors;
using DaprSupport.Contracts.Sessions;

namespace DaprSupport.Sessions.Jobs;

/// <summary>
/// One tenant's sessions that are not resolved (actor id = the tenant), kept from the session lifecycle events, so the
/// housekeeping job knows which sessions to look at without scanning the store. A lost or late event costs nothing
/// worse than a session looked at once more (the job asks each session actor for its real state, and forgets
/// resolved ones) or housekept late.
/// </summary>
public interface IOpenSessionIndexActor : IActor
{
    Task TrackAsync(TrackedSession session);

    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>A session's id, status and version as one lifecycle event carried them.</summary>
public sealed record TrackedSession(string SessionId, SessionStatus Status, long Version);

/// <summary>The tenants that have had open sessions (one actor, id <c>tenants</c>).</summary>
public interface IHousekeepingTenantsActor : IActor
{
    Task AddAsync(string tenant);

    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>The index's decision, pure: the entries after a change (by version: an older event changes
/// nothing).</summary>
public static class OpenSessionIndexRules
{
    public static Dictionary<string, long> Track(IReadOnlyDictionary<string, long> open, TrackedSession change)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(change);
        var next = new Dictionary<string, long>(open, StringComparer.Ordinal);
        if (open.TryGetValue(change.SessionId, out var known) && known > change.Version)
        {
            return next;
        }

        if (change.Status is SessionStatus.Resolved or SessionStatus.None)
        {
            next.Remove(change.SessionId);
        }
        else
        {
            next[change.SessionId] = change.Version;
        }

        return next;
    }
}
