using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Timeline;

[JsonConverter(typeof(JsonStringEnumConverter<TimelineItemKind>))]
public enum TimelineItemKind
{
    Text,
    Event,

    /// <summary>A staff-only note: stored and numbered like any item, never shown to the visitor.</summary>
    Note,
}
