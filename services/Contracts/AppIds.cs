namespace DaprSupport.Contracts;

/// <summary>Dapr app-ids of the services; the same strings appear in dapr.yaml and deploy/k8s.</summary>
public static class AppIds
{
    public const string Gateway = "gateway";
    public const string Sessions = "sessions";
    public const string Agents = "agents";

    public static IReadOnlyList<string> All { get; } = [Gateway, Sessions, Agents];
}
