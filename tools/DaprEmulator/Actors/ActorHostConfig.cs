using System.Text.Json;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>Settings for one hosted actor type, from the app's <c>GET /dapr/config</c> (with entitiesConfig overrides).</summary>
internal sealed record ActorTypeSettings(
    TimeSpan IdleTimeout,
    TimeSpan ScanInterval,
    TimeSpan DrainOngoingCallTimeout,
    bool DrainRebalancedActors,
    bool ReentrancyEnabled,
    int MaxStackDepth);

/// <summary>What an app said about its actors in <c>GET /dapr/config</c> (reference/api/actors_api, "Get registered actors").</summary>
internal sealed record ActorHostConfig(string AppId, IReadOnlyDictionary<string, ActorTypeSettings> Types)
{
    private static readonly TimeSpan DefaultScanInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(60);
    private const int DefaultMaxStackDepth = 32;

    public static ActorHostConfig Parse(string appId, JsonElement json, TimeSpan defaultIdleTimeout)
    {
        var defaults = ReadSettings(json, new ActorTypeSettings(
            defaultIdleTimeout, DefaultScanInterval, DefaultDrainTimeout, true, false, DefaultMaxStackDepth));
        var types = new Dictionary<string, ActorTypeSettings>(StringComparer.Ordinal);
        foreach (var entity in Strings(json, "entities"))
        {
            types[entity] = defaults;
        }

        if (json.TryGetProperty("entitiesConfig", out var overrides) && overrides.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in overrides.EnumerateArray())
            {
                var settings = ReadSettings(entry, defaults);
                foreach (var entity in Strings(entry, "entities"))
                {
                    types[entity] = settings;
                }
            }
        }

        return new ActorHostConfig(appId, types);
    }

    private static ActorTypeSettings ReadSettings(JsonElement json, ActorTypeSettings fallback)
    {
        var reentrancy = json.TryGetProperty("reentrancy", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        return new ActorTypeSettings(
            Duration(json, "actorIdleTimeout") ?? fallback.IdleTimeout,
            Duration(json, "actorScanInterval") ?? fallback.ScanInterval,
            Duration(json, "drainOngoingCallTimeout") ?? fallback.DrainOngoingCallTimeout,
            json.TryGetProperty("drainRebalancedActors", out var drain) && drain.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? drain.GetBoolean()
                : fallback.DrainRebalancedActors,
            reentrancy.ValueKind == JsonValueKind.Object && reentrancy.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? enabled.GetBoolean()
                : fallback.ReentrancyEnabled,
            reentrancy.ValueKind == JsonValueKind.Object && reentrancy.TryGetProperty("maxStackDepth", out var depth) && depth.TryGetInt32(out var d) && d > 0
                ? d
                : fallback.MaxStackDepth);
    }

    private static TimeSpan? Duration(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        ActorDurations.TryParseDuration(value.GetString()!, out var span) && span > TimeSpan.Zero
            ? span
            : null;

    private static IEnumerable<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
}
