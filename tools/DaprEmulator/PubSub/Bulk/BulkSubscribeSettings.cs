using System.Text.Json;
using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.PubSub.Bulk;

/// <summary>
/// A subscription's <c>bulkSubscribe</c> block (dapr/dapr pkg/runtime/pubsub/subscriptions.go <c>BulkSubscribeJSON</c>,
/// pkg/apis/subscriptions <c>BulkSubscribe</c>): <c>enabled</c>, <c>maxMessagesCount</c>, <c>maxAwaitDurationMs</c>.
/// Unset or non-positive sizes are 0 here; each component applies its own defaults (<see cref="WithDefaults"/>).
/// </summary>
public sealed record BulkSubscribeSettings(bool Enabled, int MaxMessagesCount, int MaxAwaitDurationMs)
{
    /// <summary>contrib common/component/kafka/utils.go: <c>DefaultMaxBulkSubCount</c>, <c>…AwaitDurationMs</c>.</summary>
    public static readonly (int Count, int AwaitMs) KafkaDefaults = (80, 10_000);

    /// <summary>dapr/dapr pkg/runtime/pubsub/default_bulksub.go, for components without a bulk subscriber of their own.</summary>
    public static readonly (int Count, int AwaitMs) RuntimeDefaults = (100, 1_000);

    /// <summary>The sizes with <paramref name="defaults"/> for those not positive (contrib <c>GetIntValOrDefault</c>).</summary>
    public (int MaxMessagesCount, TimeSpan MaxAwaitDuration) WithDefaults((int Count, int AwaitMs) defaults) =>
        (MaxMessagesCount > 0 ? MaxMessagesCount : defaults.Count,
            TimeSpan.FromMilliseconds(MaxAwaitDurationMs > 0 ? MaxAwaitDurationMs : defaults.AwaitMs));

    /// <summary>Reads the block (keys matched case-insensitively, as Go's JSON decoding does); null when absent.</summary>
    public static BulkSubscribeSettings? Parse(JsonNode? node, string source)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            throw new FormatException($"{source}: bulkSubscribe must be an object.");
        }

        return new BulkSubscribeSettings(
            Get(obj, "enabled") switch
            {
                null => false,
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
                _ => throw new FormatException($"{source}: bulkSubscribe.enabled must be a boolean."),
            },
            Int(obj, "maxMessagesCount", source),
            Int(obj, "maxAwaitDurationMs", source));
    }

    private static int Int(JsonObject obj, string key, string source) => Get(obj, key) switch
    {
        null => 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), out var n) => n,
        _ => throw new FormatException($"{source}: bulkSubscribe.{key} must be a 32-bit integer."),
    };

    private static JsonNode? Get(JsonObject obj, string key) =>
        obj.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
