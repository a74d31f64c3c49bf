namespace DaprSupport.Foundation.Tests.Drift;

/// <summary>A component whose type (and so version) is allowed to differ between components/ and deploy/k8s/base/.</summary>
public sealed record AllowedTypeDifference(string Component, string LocalType, string K8sType, string Why)
{
    /// <summary>The ONLY differences allowed. Anything else is drift.</summary>
    public static IReadOnlyList<AllowedTypeDifference> All { get; } =
    [
        new("historystore", "state.sqlite", "state.postgresql", "Postgres in production; a file-backed sqlite locally"),
    ];
}
