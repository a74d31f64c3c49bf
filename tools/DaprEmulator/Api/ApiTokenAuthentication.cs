using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.DaprEmulator.Api;

/// <summary>
/// daprd's HTTP API token check (dapr/dapr pkg/api/http/middlewares.go, APITokenAuthMiddleware), installed only when
/// the sidecar has a <c>DAPR_API_TOKEN</c>: a request whose <c>dapr-api-token</c> header is not exactly the token gets
/// 401 with the plain-text body <c>invalid api token</c>, except <c>GET /v1.0/healthz</c> and
/// <c>GET /v1.0/healthz/outbound</c>. The header is removed before the request goes on, so it never reaches an app.
/// gRPC calls on the gRPC port are checked by <see cref="Grpc.ApiTokenInterceptor"/>; any other request on that port is
/// checked here, so the HTTP routes cannot be reached around the check.
/// </summary>
internal static class ApiTokenAuthentication
{
    public static WebApplication UseDaprApiToken(this WebApplication web)
    {
        var sidecar = web.Services.GetRequiredService<Sidecar>();
        if (sidecar.Options.DaprApiToken is not { Length: > 0 } token)
        {
            return web;
        }

        web.Use(async (context, next) =>
        {
            // gRPC calls are checked by the interceptor; anything else, on either port, here.
            if (context.Connection.LocalPort == sidecar.GrpcPort && IsGrpc(context.Request))
            {
                await next(context);
                return;
            }

            var presented = context.Request.Headers[ApiTokens.Header].ToString();
            if (!string.Equals(presented, token, StringComparison.Ordinal) && !IsExempt(context.Request))
            {
                // Go's http.Error: text/plain, nosniff, the message and a newline.
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                await context.Response.WriteAsync("invalid api token\n", context.RequestAborted);
                return;
            }

            context.Request.Headers.Remove(ApiTokens.Header);
            await next(context);
        });
        return web;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>daprd's isRouteExcludedFromAPITokenAuth: the path trimmed of slashes, GET only.</summary>
    internal static bool IsExempt(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.Value ?? string.Empty).Trim('/') is "v1.0/healthz" or "v1.0/healthz/outbound";
}
