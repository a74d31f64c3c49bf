using DaprSupport.Contracts;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Actors;

/// <summary>
/// What a text or note item changes in the session's record: its seq and version (a text is a change like any other,
/// whether or not the record is saved with it), its client message id, and the reply clocks
/// (the holder's first text is the first response; a visitor's text to an assigned session awaits a reply when its
/// group reassigns unanswered chats, the agent's text answers it). Pure: the append turn applies it to the item it has
/// just written, and activation applies it again to the items written after the last state save
/// (<see cref="TimelineRecovery"/>), so both end with the same record.
/// </summary>
internal static class TextRules
{
    public static SessionRecord Apply(SessionRecord record, TimelineItem item, bool awaitsReplies)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(item);
        var session = record.Session with { LastSeq = item.Seq, Version = record.Session.Version + 1 };
        var answers = item.Kind == TimelineItemKind.Text
            && SessionRules.IsHolder(session, item.From.Role, item.From.Id);
        if (answers)
        {
            record = record with { AgentReplied = true };
            if (session.FirstResponseAt is null && session.AssignedAt is not null)
            {
                session = session with { FirstResponseAt = item.Ts };
            }
        }

        record = record with { Session = session };
        if (item.From.Role == Roles.Agent && record.UnansweredSince is not null)
        {
            record = record with { UnansweredSince = null };
        }
        else if (item.From.Role == Roles.Visitor && session.Status == SessionStatus.Assigned && awaitsReplies)
        {
            record = record with { UnansweredSince = item.Ts };
        }

        return string.IsNullOrEmpty(item.ClientMsgId) ? record : record.Remember(item.ClientMsgId, item.Seq);
    }
}
