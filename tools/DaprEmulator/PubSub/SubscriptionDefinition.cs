using System.Text.Json;
using System.Text.Json.Nodes;
using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.PubSub.Bulk;

namespace DaprSupport.DaprEmulator.PubSub;

/// <summary>
/// One subscription of an app: programmatic (from <c>GET /dapr/subscribe</c>) or declarative (a <c>Subscription</c>
/// resource, dapr.io/v1alpha1 with <c>route</c> or dapr.io/v2alpha1 with <c>routes</c>), with its <c>bulkSubscribe</c>
/// block when it has one.
/// </summary>
public sealed record SubscriptionDefinition(
    string PubsubName,
    string Topic,
    IReadOnlyList<(RouteMatch Match, string Path)> Rules,
    string? DefaultPath,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata,
    string Type,
    BulkSubscribeSettings? BulkSubscribe = null)
{
    /// <summary>True when deliveries go out in batches (daprd: <c>route.BulkSubscribe != nil &amp;&amp; Enabled</c>).</summary>
    public bool IsBulk => BulkSubscribe is { Enabled: true };

    public bool RawPayload => bool.TryParse(Metadata.GetValueOrDefault("rawPayload"), out var raw) && raw;

    /// <summary>The path of the first rule that matches, else the default; null when the event is not routed.</summary>
    public string? RouteFor(JsonObject cloudEvent) =>
        Rules.FirstOrDefault(r => r.Match.Matches(cloudEvent)).Path ?? DefaultPath;

    public SubscriptionInfo ToInfo() => new(
        PubsubName,
        Topic,
        DeadLetterTopic,
        [.. Rules.Select(r => (r.Match.Text, r.Path)), .. DefaultPath is null ? Array.Empty<(string, string)>() : [(string.Empty, DefaultPath)]],
        Type);

    /// <summary>Reads the app's answer to <c>GET /dapr/subscribe</c> (keys are matched case-insensitively, as the SDKs vary).</summary>
    public static IReadOnlyList<SubscriptionDefinition> ParseProgrammatic(JsonNode? body)
    {
        var result = new List<SubscriptionDefinition>();
        foreach (var item in (body as JsonArray ?? []).OfType<JsonObject>())
        {
            result.Add(FromObject(item, "programmatic", "GET /dapr/subscribe"));
        }

        return result;
    }

    /// <summary>Reads a declarative <c>Subscription</c> resource.</summary>
    public static SubscriptionDefinition FromResource(ScopedSpec resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            return FromObject(resource.Spec, "declarative", resource.SourceFile);
        }
        catch (FormatException ex)
        {
            throw new EmulatorConfigurationException($"{resource.SourceFile}: Subscription '{resource.Name}': {ex.Message}", ex);
        }
    }

    private static SubscriptionDefinition FromObject(JsonObject spec, string type, string source)
    {
        var pubsub = Str(spec, "pubsubname") ?? throw new FormatException($"{source}: a subscription has no pubsubname.");
        var topic = Str(spec, "topic") ?? throw new FormatException($"{source}: a subscription has no topic.");
        var rules = new List<(RouteMatch, string)>();
        string? defaultPath = Str(spec, "route");
        if (Get(spec, "routes") is JsonObject routes)
        {
            foreach (var rule in (Get(routes, "rules") as JsonArray ?? []).OfType<JsonObject>())
            {
                var path = Str(rule, "path") ?? throw new FormatException($"{source}: a routing rule has no path.");
                var match = Str(rule, "match");
                if (string.IsNullOrWhiteSpace(match))
                {
                    defaultPath ??= path;
                    continue;
                }

                rules.Add((RouteMatch.Parse(match), path));
            }

            defaultPath = Str(routes, "default") ?? defaultPath;
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Get(spec, "metadata") is JsonObject meta)
        {
            foreach (var (k, v) in meta)
            {
                metadata[k] = v is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : v?.ToJsonString() ?? string.Empty;
            }
        }

        return new SubscriptionDefinition(pubsub, topic, rules, string.IsNullOrEmpty(defaultPath) ? null : defaultPath,
            Str(spec, "deadLetterTopic") is { Length: > 0 } dlq ? dlq : null, metadata, type,
            BulkSubscribeSettings.Parse(Get(spec, "bulkSubscribe"), source));
    }

    private static JsonNode? Get(JsonObject obj, string key) =>
        obj.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Str(JsonObject obj, string key) => Get(obj, key) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
