using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// Rebuilds a session's record after activation. A text or note is made durable by its history record alone (first
/// write on its seq); the actor state is saved only with status changes and every <see cref="SessionStore.SaveEvery"/>
/// items, so the items after the saved <see cref="SessionSnapshot.LastSeq"/> are read back from the history store and
/// applied with <see cref="TextRules"/>. An event there was written by a turn that failed before its state save (only
/// turns that save write events): it and what follows it were never acknowledged or published, and are orphans to
/// delete, so that the seqs are free again.
/// </summary>
internal static class TimelineRecovery
{
    public static (SessionRecord Record, IReadOnlyList<long> Orphans) Recover(
        SessionRecord saved, IReadOnlyList<TimelineItem> after, bool awaitsReplies)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(after);
        var record = saved;
        for (var i = 0; i < after.Count; i++)
        {
            var item = after[i];
            if (item.Seq != record.Session.LastSeq + 1)
            {
                break;
            }

            if (item.Kind is not (TimelineItemKind.Text or TimelineItemKind.Note))
            {
                return (record, after.Skip(i).Select(o => o.Seq).ToList());
            }

            record = TextRules.Apply(record, item, awaitsReplies);
        }

        return (record, []);
    }

    /// <summary>Whether a session may have items after its saved seq: one never created has none to read.</summary>
    public static bool MayHaveUnsaved(SessionRecord saved) => saved.Session.Status != SessionStatus.None;
}
