using DaprSupport.DaprEmulator.Engine;
using DaprSupport.DaprEmulator.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DaprSupport.DaprEmulator.Invoke;

/// <summary>
/// Service invocation HTTP API (reference/api/service_invocation_api): any verb on
/// <c>/v1.0/invoke/{appId}/method/{method}</c>, and any request on the sidecar's HTTP port carrying a
/// <c>dapr-app-id</c> header (the path is the method). The target's status, headers and body come back unchanged.
/// </summary>
internal static class InvokeHttpApi
{
    public const string AppIdHeader = "dapr-app-id";

    /// <summary>Requests carrying a <c>dapr-app-id</c> header are invocations of that app.</summary>
    public static WebApplication UseInvokeByAppIdHeader(this WebApplication web)
    {
        web.Use(async (context, next) =>
        {
            var sidecar = context.RequestServices.GetRequiredService<Sidecar>();
            var appId = context.Request.Headers[AppIdHeader].ToString();
            if (appId.Length == 0 || context.Connection.LocalPort != sidecar.HttpPort
                || context.Request.Path.StartsWithSegments("/v1.0/invoke", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            await InvokeAsync(context, sidecar, appId, context.Request.Path.Value ?? "/");
        });
        return web;
    }

    public static WebApplication MapInvokeHttpApi(this WebApplication web)
    {
        web.Map("/v1.0/invoke/{appId}/method/{**method}", (HttpContext context, string appId, string? method, Sidecar sidecar) =>
            InvokeAsync(context, sidecar, appId, method ?? string.Empty));
        return web;
    }

    private static async Task InvokeAsync(HttpContext context, Sidecar sidecar, string appId, string method)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var trace = sidecar.Host.Tracing().StartSpan(request.Headers[TraceContext.TraceParentHeader].ToString(), request.Headers[TraceContext.TraceStateHeader].ToString());
        var appRequest = new AppRequest(
            request.Method,
            method,
            request.QueryString.Value ?? string.Empty,
            HeadersOf(request.Headers),
            body,
            request.ContentType);
        AppResponse response;
        try
        {
            response = await AppInvoker.InvokeAsync(sidecar, appId, appRequest, trace, context.RequestAborted);
        }
        catch (InvokeFailedException ex)
        {
            await ex.Error.ToHttp(ex.HttpStatus).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, values) in response.Headers)
        {
            context.Response.Headers[name] = values;
        }

        context.Response.Headers[TraceContext.TraceParentHeader] = trace.TraceParent;
        if (response.ContentType is { } type)
        {
            context.Response.ContentType = type;
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>The request body; no buffer at all for the common body-less call.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return [];
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length and < int.MaxValue ? (int)length : 256);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private static List<KeyValuePair<string, string[]>> HeadersOf(IHeaderDictionary headers)
    {
        var list = new List<KeyValuePair<string, string[]>>(headers.Count);
        foreach (var (name, values) in headers)
        {
            var copy = new string[values.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = values[i] ?? string.Empty;
            }

            list.Add(KeyValuePair.Create(name, copy));
        }

        return list;
    }
}
