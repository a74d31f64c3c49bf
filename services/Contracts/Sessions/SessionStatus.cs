using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Sessions;

[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    None,
    Queued,
    Offered,
    Assigned,
    Resolved,
}
