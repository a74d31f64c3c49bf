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
    /// <summary>daprd's <c>DefaultOngoingCallTimeout</c> (dapr/dapr v1.17.0 <c>pkg/actors/api/config.go</c>).</summary>
    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(2);
    private const int DefaultMaxStackDepth = 32;

    /// <summary>
    /// The app's actor settings. A top-level <c>actorIdleTimeout</c> or <c>drainOngoingCallTimeout</c> that is not a Go
    /// duration fails the registration of every type the app hosts (dapr/dapr v1.17.0 <c>pkg/actors/actors.go</c>
    /// <c>RegisterHosted</c>; daprd logs "Failed to register hosted actors"): <see cref="FormatException"/>. In an
    /// <c>entitiesConfig</c> entry such a value leaves the default.
    /// </summary>
    public static ActorHostConfig Parse(string appId, JsonElement json, TimeSpan defaultIdleTimeout)
    {
        foreach (var (name, what) in new[]
                 {
                     ("actorIdleTimeout", "default actor idle timeout"),
                     ("drainOngoingCallTimeout", "drain ongoing call timeout"),
                 })
        {
            if (json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } text && !ActorDurations.TryParseGo(text, out _))
            {
                throw new FormatException($"failed to parse {what}: time: invalid duration \"{text}\"");
            }
        }

        var defaults = ReadSettings(json, new ActorTypeSettings(
            defaultIdleTimeout, DefaultScanInterval, DefaultDrainTimeout, true, false, DefaultMaxStackDepth));
        var types = new Dictionary<string, ActorTypeSettings>(StringComparer.Ordinal);
        foreach (var entity in Strings(json, "entities"))
        {
            types[entity] = defaults;
        }

        if (json.TryGetProperty("entitiesConfig", out var overrides) && overrides.ValueKind == JsonValueKind.Array)
        {
            // An entry starts from daprd's defaults, not the app's top-level values (dapr/dapr v1.17.0
            // pkg/actors/api/config.go TranslateEntityConfig: 60 min idle, reentrancy as the entry says); draining
            // stays per app (pkg/actors/actors.go RegisterHosted takes only the idle timeout and reentrancy from it).
            var entryDefaults = defaults with
            {
                IdleTimeout = defaultIdleTimeout, ReentrancyEnabled = false, MaxStackDepth = DefaultMaxStackDepth,
            };
            foreach (var entry in overrides.EnumerateArray())
            {
                var settings = ReadSettings(entry, entryDefaults) with
                {
                    DrainOngoingCallTimeout = defaults.DrainOngoingCallTimeout,
                    DrainRebalancedActors = defaults.DrainRebalancedActors,
                };
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

    /// <summary>
    /// A duration setting as daprd 1.17 reads it: Go's <c>time.ParseDuration</c> only (dapr/dapr v1.17.0
    /// <c>pkg/actors/api/config.go</c>), so an ISO 8601 value leaves the default.
    /// </summary>
    private static TimeSpan? Duration(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        ActorDurations.TryParseGo(value.GetString()!, out var span) && span > TimeSpan.Zero
            ? span
            : null;

    private static IEnumerable<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
}
