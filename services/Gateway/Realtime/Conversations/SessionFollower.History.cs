using System.Runtime.CompilerServices;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Gateway.Realtime.Fanout;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// The items a follower reads from history rather than live: a replay on resume, the catch-up that fills a gap or a
/// late start, and the check for items a session change says are committed but whose live events have not come
/// (lost with a failed publish): after <see cref="OverdueAfter"/> they are read from history.
/// </summary>
internal sealed partial class SessionFollower
{
    /// <summary>How long items a session change reported may be late before they are read from history.</summary>
    internal static readonly TimeSpan OverdueAfter = TimeSpan.FromSeconds(2);

    /// <summary>Sends again the items after <paramref name="afterSeq"/> up to <paramref name="upTo"/>.</summary>
    private async Task ReplayAsync(string sessionId, long afterSeq, long upTo, CancellationToken ct)
    {
        await foreach (var item in HistoryAsync(sessionId, afterSeq, upTo, ct))
        {
            if (Visible(item))
            {
                await outbound.EmitAsync(ItemFrame.Of(item, principal), ct);
            }
        }
    }

    /// <summary>
    /// Reads the durable timeline after what was delivered, so a gap (or a late start) is filled in order; up to
    /// <paramref name="upToSeq"/> when the caller knows that seq is committed and everything after it arrives live.
    /// </summary>
    private async Task CatchUpAsync(string sessionId, SessionStream stream, CancellationToken ct, long? upToSeq = null)
    {
        await foreach (var item in HistoryAsync(sessionId, stream.Delivered, upToSeq, ct))
        {
            foreach (var accepted in stream.Accept(item).Where(Visible))
            {
                await outbound.EmitAsync(ItemFrame.Of(accepted, principal), ct);
            }
        }
    }

    /// <summary>
    /// The stored items after <paramref name="afterSeq"/> (up to <paramref name="upToSeq"/>) in seq order. The sessions
    /// service answers at most a page a read, so this reads on from each page's last seq until a page comes back
    /// short: a client resuming from 0 gets the whole timeline, however long. An unreadable page ends it, logged.
    /// </summary>
    private async IAsyncEnumerable<TimelineItem> HistoryAsync(
        string sessionId, long afterSeq, long? upToSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        var after = afterSeq;
        while (!(upToSeq <= after))
        {
            var page = await sessions.ReadTimelineAsync(Tenant, sessionId, after, ct, upToSeq: upToSeq);
            if (page.Value is null)
            {
                logger.LogWarning("Timeline of {SessionId} unreadable: {Error}", sessionId, page.Error?.Message);
                yield break;
            }

            var from = after;
            foreach (var item in page.Value.Where(i => i.Seq > from).OrderBy(i => i.Seq))
            {
                after = item.Seq;
                yield return item;
            }

            if (page.Value.Count < SessionLimits.MaxTimelinePage)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// A session change says its items go up to a seq this connection has not delivered: unless they arrive live
    /// meanwhile, they are read from history after <see cref="OverdueAfter"/> (one check per session at a time).
    /// </summary>
    private void CheckLater(SessionSnapshot session, SessionStream stream)
    {
        if (session.LastSeq <= stream.Delivered || stream.OverdueCheck)
        {
            return;
        }

        stream.OverdueCheck = true;
        var overdue = new ItemsOverdue(session.SessionId, session.LastSeq);
        _ = Task.Delay(OverdueAfter, time).ContinueWith(
            (_, state) => listener((ItemsOverdue)state!), overdue, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task OnOverdueAsync(ItemsOverdue overdue, CancellationToken ct)
    {
        if (!_followed.TryGetValue(overdue.SessionId, out var followed))
        {
            return;
        }

        followed.Stream.OverdueCheck = false;
        if (overdue.UpToSeq > followed.Stream.Delivered)
        {
            logger.LogInformation("Items of {SessionId} up to {Seq} did not arrive live; reading them",
                overdue.SessionId, overdue.UpToSeq);
            await CatchUpAsync(overdue.SessionId, followed.Stream, ct, upToSeq: overdue.UpToSeq);
        }
    }
}

/// <summary>The follower's own reminder: a session's items up to this seq should have arrived live by now.</summary>
internal sealed record ItemsOverdue(string SessionId, long UpToSeq) : ReplicaEvent;
