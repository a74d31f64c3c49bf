using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Sessions.Actors;

/// <summary>A timeline item before it has a seq (the <see cref="TimelineAppender"/> numbers it).</summary>
internal readonly record struct NewItem(
    TimelineItemKind Kind, string? EventName, Participant From, string? Text, string? ClientMsgId)
{
    public static NewItem Event(string name, Participant from, string? text = null) =>
        new(TimelineItemKind.Event, name, from, text, null);
}
