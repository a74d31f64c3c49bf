namespace DaprSupport.DaprEmulator.Engine;

/// <summary>What the emulator reports as its runtime version (the Dapr API level it follows).</summary>
public static class RuntimeInfo
{
    public const string RuntimeVersion = "1.16.0-emulator";

    /// <summary>Capabilities a state store reports in the metadata API.</summary>
    public static IReadOnlyList<string> StateCapabilities(string type, bool actorStore) =>
        [.. new[] { "ETAG", "TRANSACTIONAL", "TTL" }.Concat(actorStore ? ["ACTOR"] : [])];
}
