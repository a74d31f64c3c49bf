using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DaprSupport.ServiceDefaults;

internal static class OpenTelemetryExtensions
{
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Tracing for inbound ASP.NET Core, outbound HTTP and gRPC (the Dapr client), and logs correlated with it; both go
    /// out over OTLP only when configured (sampling from <c>OTEL_TRACES_SAMPLER</c>, as the manifests set it).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var serviceName = builder.Configuration["APP_ID"] ?? builder.Environment.ApplicationName;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(Telemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsInfrastructurePath(ctx.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation())
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath)
        || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath)
        || path.StartsWithSegments(ServiceDefaultsExtensions.MetricsPath);
}
