using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Events;
using DaprSupport.Contracts.Routing;
using DaprSupport.Contracts.Sessions;
using DaprSupport.Contracts.Timeline;

namespace DaprSupport.Foundation.Tests.Contracts;

/// <summary>
/// The published JSON Schemas (docs/schemas/events, docs/schemas/api) as the services' own serializer writes their
/// records: the C# records in services/Contracts are the source, the schemas are what other languages generate
/// from, and <see cref="ContractSchemaTests"/> fails when the two differ.
/// <list type="bullet">
/// <item>Strict: an object allows no property the record does not have (<c>additionalProperties: false</c>).</item>
/// <item>What the services write (events, answers): every property that is never null is required; a nullable one is
/// left out when null (<see cref="JsonDefaults"/>), so it is optional.</item>
/// <item>What the services read (requests): required are the constructor parameters without a default.</item>
/// <item>Closed value sets (a change's <c>change</c>, an item's <c>event</c>) are enums.</item>
/// </list>
/// </summary>
internal static class ContractSchemas
{
    private const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Answers of the sessions API (and the agent snapshot it returns).</summary>
    public static IReadOnlyList<Type> Answers { get; } =
    [
        typeof(SessionSnapshot), typeof(TimelineItem), typeof(AppendResult), typeof(AgentSnapshot),
        typeof(QueueSnapshot), typeof(PlannedOffer),
    ];

    /// <summary>Request bodies of the sessions API.</summary>
    public static IReadOnlyList<Type> Requests { get; } =
    [
        typeof(CreateSessionRequest), typeof(AcceptRequest), typeof(TransferRequest), typeof(ResolveRequest),
        typeof(ReopenRequest), typeof(AppendTextRequest), typeof(MarkReadRequest), typeof(PresenceUpdate),
    ];

    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> Closed = EventCatalog.All
        .Where(t => t.Payload is not null)
        .SelectMany(t => t.Values.Select(v => (Key: (t.Payload!, v.Key), v.Value)))
        .ToDictionary(e => e.Key, e => e.Value);

    public static IEnumerable<(string RelativePath, JsonNode Schema)> All()
    {
        foreach (var topic in EventCatalog.All.Where(t => t.Payload is not null))
        {
            yield return ($"events/{topic.Topic}.schema.json",
                Export(topic.Payload!, output: true, $"{topic.PayloadName}, the data of a {topic.Topic} event"));
        }

        foreach (var type in Answers)
        {
            yield return ($"api/{type.Name}.schema.json", Export(type, output: true, $"{type.Name} (sessions API)"));
        }

        foreach (var type in Requests)
        {
            yield return ($"api/{type.Name}.schema.json", Export(type, output: false, $"{type.Name} (sessions API)"));
        }
    }

    public static JsonNode Export(Type type, bool output, string title)
    {
        var options = new JsonSerializerOptions(JsonDefaults.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = !output,
        };
        options.MakeReadOnly();
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Tighten(context, node, output),
        };
        var body = options.GetJsonSchemaAsNode(type, exporter);
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = $"https://daprsupport.dev/schemas/{type.Name}.schema.json",
            ["title"] = title,
        };
        foreach (var (key, value) in body.AsObject().ToList())
        {
            body.AsObject().Remove(key);
            schema[key] = value;
        }

        return schema;
    }

    private static JsonNode Tighten(JsonSchemaExporterContext context, JsonNode node, bool output)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        if (context.PropertyInfo is { } property
            && Closed.TryGetValue((property.DeclaringType, property.Name), out var values))
        {
            var allowed = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
            if (AllowsNull(schema))
            {
                allowed.Add(null);
            }

            schema["enum"] = allowed;
        }

        if (output && schema["type"] is JsonArray numeric && numeric.Any(t => t?.GetValue<string>() == "string")
            && schema["pattern"] is not null && numeric.Any(t => t?.GetValue<string>() is "integer" or "number"))
        {
            // The web defaults read numbers from strings too; the services always write them as numbers.
            numeric.Remove(numeric.First(t => t?.GetValue<string>() == "string"));
            schema["type"] = numeric.Count == 1 ? numeric[0]!.GetValue<string>() : numeric.DeepClone();
            schema.Remove("pattern");
        }

        if (schema["properties"] is JsonObject properties)
        {
            schema["additionalProperties"] = false;
            if (output)
            {
                schema["required"] = new JsonArray([.. properties
                    .Where(p => p.Value is JsonObject s && !AllowsNull(s))
                    .Select(p => (JsonNode?)JsonValue.Create(p.Key))]);
            }
        }

        return schema;
    }

    private static bool AllowsNull(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Any(t => t?.GetValue<string>() == "null"),
        JsonValue one => one.GetValue<string>() == "null",
        _ => false,
    };
}
