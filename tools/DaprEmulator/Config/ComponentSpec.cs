namespace DaprSupport.DaprEmulator.Config;

/// <summary>A Dapr <c>Component</c> resource (dapr.io/v1alpha1) as read from YAML.</summary>
public sealed class ComponentSpec
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public string Version { get; init; } = "v1";

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>App-ids allowed to use the component; empty means every app.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public required string SourceFile { get; init; }

    public bool IsVisibleTo(string appId) => Scopes.Count == 0 || Scopes.Contains(appId, StringComparer.Ordinal);

    public string? Get(string key) => Metadata.TryGetValue(key, out var v) ? v : null;

    public bool GetBool(string key) => bool.TryParse(Get(key), out var b) && b;
}
