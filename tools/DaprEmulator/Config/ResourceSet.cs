using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Config;

/// <summary>Everything read from the resources paths and the configuration file.</summary>
public sealed class ResourceSet
{
    public IReadOnlyList<ComponentSpec> Components { get; init; } = [];

    /// <summary>The <c>spec</c> of the Dapr <c>Configuration</c> in use (tracing, features), or null.</summary>
    public JsonObject? Configuration { get; init; }

    /// <summary>The <c>spec</c> of each <c>Resiliency</c> resource, with its scopes.</summary>
    public IReadOnlyList<ScopedSpec> Resiliencies { get; init; } = [];

    /// <summary>Declarative <c>Subscription</c> resources (v1alpha1 and v2alpha1), with their scopes.</summary>
    public IReadOnlyList<ScopedSpec> Subscriptions { get; init; } = [];
}

/// <summary>A resource's name, spec and scopes.</summary>
public sealed record ScopedSpec(string Name, string ApiVersion, JsonObject Spec, IReadOnlyList<string> Scopes, string SourceFile)
{
    public bool IsVisibleTo(string appId) => Scopes.Count == 0 || Scopes.Contains(appId, StringComparer.Ordinal);
}
