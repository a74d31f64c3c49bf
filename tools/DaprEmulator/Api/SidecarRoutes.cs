using DaprSupport.DaprEmulator.Actors;
using DaprSupport.DaprEmulator.Grpc;
using DaprSupport.DaprEmulator.Invoke;
using DaprSupport.DaprEmulator.Locks;
using DaprSupport.DaprEmulator.Metrics;
using DaprSupport.DaprEmulator.PubSub;
using DaprSupport.DaprEmulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.DaprEmulator.Api;

/// <summary>Everything a sidecar serves: the Dapr HTTP API (v1.0) and the gRPC service dapr.proto.runtime.v1.Dapr.</summary>
internal static class SidecarRoutes
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
            o.EnableDetailedErrors = true;
        }).AddServiceOptions<DaprGrpcService>(o =>
        {
            o.Interceptors.Add<ApiTokenInterceptor>();
            o.Interceptors.Add<GrpcMetricsInterceptor>();
        });
        services.AddDaprGrpcReflection();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
    }

    public static void Map(WebApplication web)
    {
        web.UseDaprMetrics();
        web.UseDaprApiToken();
        web.UseInvokeByAppIdHeader();
        web.MapHealthAndMetadataApi();
        web.MapStateHttpApi();
        web.MapPublishHttpApi();
        web.MapInvokeHttpApi();
        web.MapActorHttpApi();
        web.MapLockHttpApi();
        web.MapGrpcService<DaprGrpcService>();
        web.MapDaprGrpcReflection();
    }
}
