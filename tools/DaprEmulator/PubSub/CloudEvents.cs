using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Tracing;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// CloudEvents 1.0 envelopes as daprd writes them on publish and reads them on delivery
/// (docs: developing-applications/building-blocks/pubsub/pubsub-cloudevents).
/// </summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";
    public const string EventType = "com.dapr.event.sent";
    public const string DefaultDataContentType = "text/plain";

    /// <summary>What a publish adds to the envelope.</summary>
    public sealed record Origin(string SourceAppId, string Topic, string PubsubName, TraceContext Trace, int? TtlSeconds);

    /// <summary>
    /// Wraps a payload: JSON content types embed the JSON as <c>data</c>, text as a string, anything else as
    /// <c>data_base64</c>. A payload that already is a CloudEvent passes through with the missing attributes added and
    /// topic, pubsubname and trace fields set.
    /// </summary>
    public static JsonObject Wrap(byte[] payload, string? contentType, Origin origin)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(origin);
        var type = string.IsNullOrWhiteSpace(contentType) ? DefaultDataContentType : contentType;
        JsonObject envelope;
        if (IsCloudEvent(type))
        {
            envelope = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("the CloudEvent is not a JSON object");
            envelope.TryAdd("id", Guid.NewGuid().ToString());
            envelope.TryAdd("source", origin.SourceAppId);
            envelope.TryAdd("type", EventType);
            envelope.TryAdd("specversion", "1.0");
            envelope.TryAdd("datacontenttype", "application/json");
            envelope.TryAdd("time", Now());
        }
        else
        {
            envelope = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["source"] = origin.SourceAppId,
                ["type"] = EventType,
                ["specversion"] = "1.0",
                ["datacontenttype"] = type,
                ["time"] = Now(),
            };
            if (IsJson(type))
            {
                envelope["data"] = TryParseJson(payload) ?? JsonValue.Create(Encoding.UTF8.GetString(payload));
            }
            else if (IsText(type))
            {
                envelope["data"] = Encoding.UTF8.GetString(payload);
            }
            else
            {
                envelope["data_base64"] = Convert.ToBase64String(payload);
            }
        }

        envelope["topic"] = origin.Topic;
        envelope["pubsubname"] = origin.PubsubName;
        envelope["traceid"] = origin.Trace.TraceParent;
        envelope["traceparent"] = origin.Trace.TraceParent;
        envelope["tracestate"] = origin.Trace.TraceState ?? string.Empty;
        if (origin.TtlSeconds is { } ttl)
        {
            envelope["expiration"] = DateTimeOffset.UtcNow.AddSeconds(ttl).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        }

        return envelope;
    }

    /// <summary>
    /// The envelope for a raw-payload subscription: the bare message as <c>data_base64</c>, with the trace fields taken
    /// from the message metadata (<c>traceid</c>, then <c>traceparent</c>, which supersedes it, and <c>tracestate</c>).
    /// </summary>
    public static JsonObject FromRawPayload(PubSubMessage message, string pubsubName)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "pubsub",
            ["type"] = EventType,
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/octet-stream",
            ["data_base64"] = Convert.ToBase64String(message.Data),
            ["topic"] = message.Topic,
            ["pubsubname"] = pubsubName,
        };
        if (message.Metadata.TryGetValue("traceid", out var traceId))
        {
            envelope["traceid"] = traceId;
        }

        if (message.Metadata.TryGetValue("traceparent", out var traceParent))
        {
            envelope["traceparent"] = traceParent;
            envelope["traceid"] = traceParent;
        }

        if (message.Metadata.TryGetValue("tracestate", out var traceState))
        {
            envelope["tracestate"] = traceState;
        }

        return envelope;
    }

    /// <summary>
    /// For a CloudEvent read from the broker: trace fields the event lacks are taken from the message metadata, as daprd
    /// does before delivery (they steer the delivery span only; the app receives the message bytes as published).
    /// </summary>
    public static void AddTraceFromMetadata(JsonObject envelope, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!envelope.ContainsKey("traceid") && metadata.TryGetValue("traceid", out var traceId))
        {
            envelope["traceid"] = traceId;
        }

        if (!envelope.ContainsKey("traceparent") && metadata.TryGetValue("traceparent", out var traceParent))
        {
            envelope["traceparent"] = traceParent;
            envelope["traceid"] = traceParent;
        }

        if (!envelope.ContainsKey("tracestate") && metadata.TryGetValue("tracestate", out var traceState))
        {
            envelope["tracestate"] = traceState;
        }
    }

    public static bool HasExpired(JsonObject envelope) =>
        envelope["expiration"]?.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(envelope["expiration"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        && at < DateTimeOffset.UtcNow;

    public static bool IsCloudEvent(string contentType) => MediaType(contentType) == ContentType;

    public static bool IsJson(string contentType)
    {
        var media = MediaType(contentType);
        return media == "application/json" || media.EndsWith("+json", StringComparison.Ordinal);
    }

    private static bool IsText(string contentType)
    {
        var media = MediaType(contentType);
        return media.StartsWith("text/", StringComparison.Ordinal) || media is "application/xml" || media.EndsWith("+xml", StringComparison.Ordinal);
    }

    private static string MediaType(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant();

    private static JsonNode? TryParseJson(byte[] payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
