using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Config;

// Raw shapes of the Dapr resources, bound from YAML through JSON. Only the fields the emulator applies are named.

internal sealed class ResourceDocument
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ResourceMetadata? Metadata { get; set; }

    public JsonObject? Spec { get; set; }

    public List<string>? Scopes { get; set; }
}

internal sealed class ResourceMetadata
{
    public string? Name { get; set; }

    public string? Namespace { get; set; }
}

internal sealed class ComponentSpecBody
{
    public string? Type { get; set; }

    public string? Version { get; set; }

    public List<MetadataItem>? Metadata { get; set; }
}

internal sealed class MetadataItem
{
    public string? Name { get; set; }

    public JsonNode? Value { get; set; }

    public JsonObject? SecretKeyRef { get; set; }
}
