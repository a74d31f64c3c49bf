using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Actors;

/// <summary>A timeline item before it has a seq (the <see cref="TimelineAppender"/> numbers it).</summary>
internal readonly record struct NewItem(
    TimelineItemKind Kind, string? EventName, Participant From, string? Text, string? ClientMsgId)
{
    public static NewItem Event(string name, Participant from, string? text = null) =>
        new(TimelineItemKind.Event, name, from, text, null);

    /// <summary>The item as the session's timeline item number <paramref name="seq"/>, written at
    /// <paramref name="at"/>.</summary>
    public TimelineItem Numbered(SessionSnapshot session, long seq, DateTimeOffset at) =>
        new(session.Tenant, session.SessionId, seq, Kind, EventName, From, Text, at, ClientMsgId);
}
