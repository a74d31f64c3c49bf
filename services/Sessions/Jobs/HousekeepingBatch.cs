using System.Text.Json;
using Dapr.AspNetCore;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Sessions.Jobs;

/// <summary>One session change of a batch that the housekeeping index tracks, in entry order.</summary>
public sealed record IndexUpdate(string EntryId, string Tenant, TrackedSession Session)
{
    /// <summary>A queued or offline session may be the first of its tenant: the tenant is listed before it.</summary>
    public bool MayBeNewTenant => Session.Status is SessionStatus.Queued or SessionStatus.Offline;
}

/// <summary>
/// A batch of session lifecycle events (Dapr's bulk subscribe) as the housekeeping index takes it: which entries
/// update an index share, which concern it not (success without a call), and which are not a session change at all;
/// and the answer, entry by entry, once the updates were tried.
/// </summary>
public static class HousekeepingBatch
{
    public static (IReadOnlyList<IndexUpdate> Updates, IReadOnlySet<string> Malformed) Plan(
        IEnumerable<BulkSubscribeMessageEntry<JsonElement>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var updates = new List<IndexUpdate>();
        var malformed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Change(entry.Event) is not { } change)
            {
                malformed.Add(entry.EntryId);
            }
            else if (OpenSessionIndexRules.Concerns(change.Change))
            {
                var session = change.Session;
                updates.Add(new IndexUpdate(entry.EntryId, session.Tenant,
                    new TrackedSession(session.SessionId, session.Status, session.Version, session.QueuedAt)));
            }
        }

        return (updates, malformed);
    }

    /// <summary>
    /// RETRY for an update that is not in <paramref name="done"/> and for a malformed entry (it ends in the dead-letter
    /// topic once the retries are spent), SUCCESS for the rest.
    /// </summary>
    public static BulkSubscribeAppResponse Answer(IEnumerable<string> entryIds, IReadOnlySet<string> malformed,
        IEnumerable<IndexUpdate> updates, IReadOnlySet<IndexUpdate> done)
    {
        var retry = updates.Where(u => !done.Contains(u)).Select(u => u.EntryId).ToHashSet(StringComparer.Ordinal);
        retry.UnionWith(malformed);
        return BulkSubscribeEntries.Answer(entryIds, retry);
    }

    private static SessionChanged? Change(JsonElement cloudEvent) =>
        BulkSubscribeEntries.DataAs<SessionChanged>(cloudEvent, JsonDefaults.Options) is
            { Session: not null, Change: not null } change
            ? change
            : null;
}
