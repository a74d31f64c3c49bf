using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.Configuration.Signing;

/// <summary>
/// The one byte form a configuration is signed in: object members sorted by ordinal name at every depth, no
/// whitespace, strings and numbers as System.Text.Json writes them. The same document always gives the same bytes,
/// whatever order or spacing it arrived in.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false };

    public static byte[] Bytes(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Compact))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    public static string Text(JsonNode? node) => Encoding.UTF8.GetString(Bytes(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
