using DaprSupport.DaprEmulator.Engine;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprSupport.DaprEmulator.Grpc;

// Metadata API over gRPC (reference/api/metadata_api).
public partial class DaprGrpcService
{
    private static readonly Method<Autogen.GetMetadataRequest, Autogen.GetMetadataResponse> GetMetadataMethod =
        DaprMethods.Unary<Autogen.GetMetadataRequest, Autogen.GetMetadataResponse>("GetMetadata");

    private static readonly Method<Autogen.SetMetadataRequest, Google.Protobuf.WellKnownTypes.Empty> SetMetadataMethod =
        DaprMethods.Unary<Autogen.SetMetadataRequest, Google.Protobuf.WellKnownTypes.Empty>("SetMetadata");

    public virtual Task<Autogen.GetMetadataResponse> GetMetadata(Autogen.GetMetadataRequest request, ServerCallContext context)
    {
        var m = MetadataSnapshot.Of(Sidecar);
        var response = new Autogen.GetMetadataResponse { Id = m.Id, RuntimeVersion = m.RuntimeVersion };
        foreach (var c in m.Components)
        {
            var registered = new Autogen.RegisteredComponents { Name = c.Name, Type = c.Type, Version = c.Version };
            if (c.Type.StartsWith("state.", StringComparison.Ordinal))
            {
                registered.Capabilities.AddRange(RuntimeInfo.StateCapabilities(c.Type, c.GetBool("actorStateStore")));
            }

            response.RegisteredComponents.Add(registered);
        }

        var actorRuntime = new Autogen.ActorRuntime { HostReady = Sidecar.AppReady.IsCompletedSuccessfully, Placement = "placement: connected" };
        foreach (var (type, count) in m.ActiveActors)
        {
            actorRuntime.ActiveActors.Add(new Autogen.ActiveActorsCount { Type = type, Count = count });
        }

        response.ActorRuntime = actorRuntime;
        foreach (var s in m.Subscriptions)
        {
            var sub = new Autogen.PubsubSubscription
            {
                PubsubName = s.PubsubName,
                Topic = s.Topic,
                DeadLetterTopic = s.DeadLetterTopic ?? string.Empty,
                Rules = new Autogen.PubsubSubscriptionRules(),
                Type = s.Type == "declarative" ? Autogen.PubsubSubscriptionType.Declarative : Autogen.PubsubSubscriptionType.Programmatic,
            };
            sub.Rules.Rules.AddRange(s.Rules.Select(r => new Autogen.PubsubSubscriptionRule { Match = r.Match, Path = r.Path }));
            response.Subscriptions.Add(sub);
        }

        foreach (var (k, v) in m.Extended)
        {
            response.ExtendedMetadata[k] = v;
        }

        if (m.AppPort is { } port)
        {
            response.AppConnectionProperties = new Autogen.AppConnectionProperties { Port = port, Protocol = "http", ChannelAddress = "127.0.0.1" };
        }

        return Task.FromResult(response);
    }

    public virtual Task<Google.Protobuf.WellKnownTypes.Empty> SetMetadata(Autogen.SetMetadataRequest request, ServerCallContext context)
    {
        Sidecar.ExtendedMetadata[request.Key] = request.Value;
        return Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty());
    }

    private static void BindMetadata(ServiceBinderBase binder, DaprGrpcService? service)
    {
        binder.AddMethod(GetMetadataMethod, service is null ? null : service.GetMetadata);
        binder.AddMethod(SetMetadataMethod, service is null ? null : service.SetMetadata);
    }
}
