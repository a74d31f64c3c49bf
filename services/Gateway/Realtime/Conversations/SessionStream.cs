using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;
using DaprSupport.Gateway.Realtime.Fanout;

namespace DaprSupport.Gateway.Realtime.Conversations;

/// <summary>
/// One followed session on one connection, as the client has seen it: the last seq handed to it, items that arrived
/// early (waiting for a gap to fill), the session version and queue position shown, and the read marks sent. Pure
/// state, touched only by the connection's pump.
/// </summary>
internal sealed class SessionStream(long delivered)
{
    private readonly SortedDictionary<long, TimelineItem> _early = [];

    /// <summary>The last read seq sent per participant (role:id); read frames never go backwards.</summary>
    private readonly Dictionary<string, long> _readSeqs = new(StringComparer.Ordinal);

    /// <summary>
    /// The session the last session frame showed (position updates repeat its status, agent and skill).
    /// </summary>
    private SessionSnapshot? _shown;

    /// <summary>The position the last session frame showed (null: none).</summary>
    private int? _shownPosition;

    /// <summary>When the shown status began (the change's time); positions read before it are stale for it.</summary>
    private DateTimeOffset _shownSince = DateTimeOffset.MinValue;

    /// <summary>The newest queue position received for the session, shown or not.</summary>
    private QueuePosition? _latestPosition;

    public long Delivered { get; private set; } = delivered;

    /// <summary>Whether a check for items a session change reported, and that have not arrived, is pending.</summary>
    public bool OverdueCheck { get; set; }

    /// <summary>The session as the last session frame showed it (null: none yet).</summary>
    public SessionSnapshot? Shown => _shown;

    /// <summary>
    /// The highest <see cref="SessionSnapshot.Version"/> a session frame was sent for; changes with this or a lower
    /// version are stale (-1: none sent yet, so even an unversioned snapshot, version 0, is shown once).
    /// </summary>
    public long SessionVersion { get; set; } = -1;

    /// <summary>
    /// Records that a session frame is sent for <paramref name="session"/> and returns the position it shows: none
    /// unless queued; the answer's own position, else the newest one received after the status change at
    /// <paramref name="changedAt"/> (an API answer, with no time, counts as newer than every position received so
    /// far).
    /// </summary>
    public int? Show(SessionSnapshot session, DateTimeOffset? changedAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        _shown = session;
        _shownSince = changedAt ?? _latestPosition?.AsOf ?? DateTimeOffset.MinValue;
        _shownPosition = session.Status != SessionStatus.Queued ? null
            : session.Position ?? (_latestPosition is { } latest && latest.AsOf > _shownSince ? latest.Position : null);
        return _shownPosition;
    }

    /// <summary>
    /// Takes a queue position; returns the session to show again with its new position, or null when nothing changes
    /// for the client (stale, not queued any more, or the position it already shows).
    /// </summary>
    public SessionSnapshot? Move(QueuePosition update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_latestPosition is { } latest && update.AsOf < latest.AsOf)
        {
            return null;
        }

        _latestPosition = update;
        if (_shown is not { Status: SessionStatus.Queued } shown || update.AsOf <= _shownSince
            || update.Position == _shownPosition)
        {
            return null;
        }

        _shownPosition = update.Position;
        return shown with { Position = update.Position };
    }

    public bool HasGap => _early.Count > 0;

    /// <summary>Takes an item; returns the items now deliverable in seq order (none when it is old or early).</summary>
    public IReadOnlyList<TimelineItem> Accept(TimelineItem item)
    {
        if (item.Seq <= Delivered)
        {
            return [];
        }

        _early[item.Seq] = item;
        var ready = new List<TimelineItem>();
        while (_early.Remove(Delivered + 1, out var next))
        {
            ready.Add(next);
            Delivered++;
        }

        return ready;
    }

    /// <summary>Whether the client was shown a read mark of this reader at <paramref name="seq"/> or later.</summary>
    public bool HasShownRead(string role, string id, long seq) =>
        _readSeqs.TryGetValue(string.Concat(role, ":", id), out var shown) && seq <= shown;

    /// <summary>
    /// Records a read mark; false when the client already has this or a later mark of its participant.
    /// </summary>
    public bool AdvanceRead(ReadMark mark)
    {
        var key = string.Concat(mark.By.Role, ":", mark.By.Id);
        if (_readSeqs.TryGetValue(key, out var sent) && mark.Seq <= sent)
        {
            return false;
        }

        _readSeqs[key] = mark.Seq;
        return true;
    }
}
