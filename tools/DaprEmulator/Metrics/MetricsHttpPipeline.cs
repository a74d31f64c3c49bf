using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.DaprEmulator.Metrics;

/// <summary>
/// The sidecar's metrics port and the HTTP API's request counting, first in the pipeline. daprd serves the
/// exposition on its own listener at every path (<c>pkg/metrics/exporter.go</c>: a mux on <c>/</c>) with no API
/// token; its HTTP API counts each request in a middleware that runs before the API token check
/// (<c>pkg/api/http/server.go</c>: <c>useMetrics</c> before <c>useAPIAuthentication</c>), so a 401 counts too. The
/// gRPC port shares this Kestrel server here; its calls are counted by <see cref="GrpcMetricsInterceptor"/>.
/// </summary>
internal static class MetricsHttpPipeline
{
    public static void UseDaprMetrics(this WebApplication web)
    {
        var sidecar = web.Services.GetRequiredService<Sidecar>();
        web.Use(async (context, next) =>
        {
            var port = context.Connection.LocalPort;
            if (port == sidecar.MetricsPort)
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await context.Response.WriteAsync(sidecar.Metrics.Render(), context.RequestAborted);
                return;
            }

            if (port == sidecar.GrpcPort)
            {
                await next(context);
                return;
            }

            // Read before the pipeline runs: the dapr-app-id header rewrites the path to the invoke API.
            var method = context.Request.Method;
            var path = context.Request.Path.Value;
            try
            {
                await next(context);
            }
            catch
            {
                sidecar.Metrics.HttpServerRequest(method, path ?? string.Empty, StatusCodes.Status500InternalServerError);
                throw;
            }

            sidecar.Metrics.HttpServerRequest(method, path ?? string.Empty, context.Response.StatusCode);
        });
    }
}
