using DaprSupport.DaprEmulator.Config;
using DaprSupport.DaprEmulator.PubSub;

namespace DaprSupport.DaprEmulator.Engine;

/// <summary>The sidecar metadata (GET /v1.0/metadata and gRPC GetMetadata) of one app.</summary>
public sealed record MetadataSnapshot(
    string Id,
    string RuntimeVersion,
    IReadOnlyList<ComponentSpec> Components,
    IReadOnlyList<(string Type, int Count)> ActiveActors,
    IReadOnlyList<SubscriptionInfo> Subscriptions,
    IReadOnlyDictionary<string, string> Extended,
    int? AppPort)
{
    public static MetadataSnapshot Of(Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var host = sidecar.Host;
        return new MetadataSnapshot(
            sidecar.AppId,
            RuntimeInfo.RuntimeVersion,
            [.. host.Components.VisibleTo(sidecar.AppId)],
            host.Actors.ActiveActorsOf(sidecar),
            host.PubSub.SubscriptionsOf(sidecar),
            sidecar.ExtendedMetadata,
            sidecar.Options.AppPort);
    }
}
