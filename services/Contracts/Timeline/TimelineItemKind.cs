using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Timeline;

[JsonConverter(typeof(JsonStringEnumConverter<TimelineItemKind>))]
public enum TimelineItemKind
{
    Text,
    Event,
}
