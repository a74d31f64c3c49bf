using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// One entry as daprd puts it in the envelope (dapr/dapr pkg/runtime/pubsub/bulksubscribe_events.go
/// <c>BulkSubscribeMessageItem</c>): the CloudEvent as a JSON object, or a raw payload as base64.
/// </summary>
internal sealed record BulkItem(int Index, BulkMessageEntry Entry, JsonObject? CloudEvent, string ContentType)
{
    public string EntryId => Entry.EntryId;
}

/// <summary>
/// The body daprd POSTs to a bulk subscriber (<c>NewBulkSubscribeEnvelope</c>, marshalled by Go's encoding/json): a map,
/// so its keys come sorted (<c>entries</c>, <c>id</c>, <c>metadata</c>, <c>pubsubname</c>, <c>topic</c>, <c>type</c>);
/// each entry is a struct (<c>entryId</c>, <c>event</c>, <c>metadata</c>, <c>contentType</c>); a CloudEvent was decoded
/// into a map, so its keys come sorted too, at every level.
/// </summary>
internal static class BulkEnvelope
{
    /// <summary>contrib pubsub/envelope.go <c>DefaultBulkEventType</c>.</summary>
    public const string EventType = "com.dapr.event.sent.bulk";

    public static byte[] Write(string id, string topic, string pubsub, IReadOnlyDictionary<string, string> metadata, IEnumerable<BulkItem> items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("entries");
            foreach (var item in items)
            {
                json.WriteStartObject();
                json.WriteString("entryId", item.EntryId);
                json.WritePropertyName("event");
                if (item.CloudEvent is { } cloudEvent)
                {
                    WriteSorted(json, cloudEvent);
                }
                else
                {
                    json.WriteBase64StringValue(item.Entry.Event);
                }

                WriteMap(json, "metadata", item.Entry.Metadata);
                if (item.ContentType.Length > 0)
                {
                    json.WriteString("contentType", item.ContentType);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("id", id);
            WriteMap(json, "metadata", metadata);
            json.WriteString("pubsubname", pubsub);
            json.WriteString("topic", topic);
            json.WriteString("type", EventType);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteSorted(Utf8JsonWriter json, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                json.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WritePropertyName(key);
                    WriteSorted(json, value);
                }

                json.WriteEndObject();
                break;
            case JsonArray array:
                json.WriteStartArray();
                foreach (var value in array)
                {
                    WriteSorted(json, value);
                }

                json.WriteEndArray();
                break;
            case null:
                json.WriteNullValue();
                break;
            default:
                node.WriteTo(json);
                break;
        }
    }
}
