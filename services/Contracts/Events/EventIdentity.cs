using System.Text.Json;

namespace DaprSupport.Contracts.Events;

/// <summary>
/// The identity of a public event (docs/events.md, "how to dedupe"): the same event redelivered, or published again
/// after a publisher's retry, has the same id — unlike its CloudEvent id. Also the tenant the event belongs to.
/// </summary>
public static class EventIdentity
{
    /// <summary>The event's tenant and id, or null for a topic that is not public or a payload without them.</summary>
    public static (string Tenant, string Id)? Of(string topic, JsonElement data)
    {
        try
        {
            return topic switch
            {
                Topics.Timeline => (Text(data, "tenant"), Join(topic, Text(data, "sessionId"), Number(data, "seq"))),
                Topics.SessionLifecycle => Session(topic, data.GetProperty("session")),
                Topics.SessionRead => (Text(data, "tenant"), Join(topic, Text(data, "sessionId"),
                    Text(data.GetProperty("mark").GetProperty("by"), "role"),
                    Text(data.GetProperty("mark").GetProperty("by"), "id"),
                    Number(data.GetProperty("mark"), "seq"))),
                Topics.SlaBreached => (Text(data, "tenant"),
                    Join(topic, Text(data, "sessionId"), Text(data, "kind"), Text(data, "at"))),
                Topics.AgentPresence => (Text(data, "tenant"),
                    Join(topic, Text(data, "agentId"), Number(data, "version"))),
                _ => null,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static (string, string) Session(string topic, JsonElement session) =>
        (Text(session, "tenant"), Join(topic, Text(session, "sessionId"), Number(session, "version")));

    private static string Text(JsonElement e, string name) =>
        e.GetProperty(name).GetString() is { Length: > 0 } s ? s : throw new FormatException(name);

    private static string Number(JsonElement e, string name) =>
        e.GetProperty(name).GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(params string[] parts) => string.Join(':', parts);
}
