using System.Text.Json.Nodes;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>The Configuration's <c>spec.metric</c> (dapr/dapr v1.17.0 <c>pkg/config/configuration.go</c> <c>MetricSpec.GetEnabled</c>).</summary>
public static class MetricsSettings
{
    /// <summary>True unless <c>spec.metric.enabled</c> is false (absent means enabled).</summary>
    public static bool Enabled(JsonObject? configuration) =>
        configuration?["metric"]?["enabled"]?.ToString() is not { } value || !bool.TryParse(value, out var enabled) || enabled;
}
