using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Gateway.Connections;

/// <summary>
/// One followed session on one connection: the last seq handed to the client, items that arrived early (waiting for
/// a gap to fill) and the registrations that feed it. Touched only by the connection's pump.
/// </summary>
internal sealed class SessionStream(long delivered) : IDisposable
{
    private readonly SortedDictionary<long, TimelineItem> _early = [];

    /// <summary>The last read seq sent per participant (role:id); read frames never go backwards.</summary>
    private readonly Dictionary<string, long> _readSeqs = new(StringComparer.Ordinal);

    public long Delivered { get; private set; } = delivered;

    /// <summary>The highest session version (its LastSeq) a session frame was sent for; older changes are stale.</summary>
    public long SessionVersion { get; set; } = -1;

    public List<IDisposable> Registrations { get; } = [];

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

    /// <summary>Records a read mark; false when the client already has this or a later mark of its participant.</summary>
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

    public void Dispose()
    {
        foreach (var registration in Registrations)
        {
            registration.Dispose();
        }
    }
}
