using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.DaprEmulator.Grpc;

/// <summary>gRPC server reflection, which daprd serves and the Dapr .NET SDK queries.</summary>
internal static class GrpcReflectionExtensions
{
    public static IServiceCollection AddDaprGrpcReflection(this IServiceCollection services) => services.AddGrpcReflection();

    public static WebApplication MapDaprGrpcReflection(this WebApplication web)
    {
        web.MapGrpcReflectionService();
        return web;
    }
}
