using System.Text.Json.Serialization;

namespace DaprSupport.Contracts.Agents;

[JsonConverter(typeof(JsonStringEnumConverter<AgentPresence>))]
public enum AgentPresence
{
    Offline,
    Online,
    Away,
}
