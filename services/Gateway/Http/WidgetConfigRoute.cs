using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/widget/config?tenant=…</c> (on the <c>/v1</c> group): the public part of a tenant's widget settings —
/// texts, pre-chat fields, the offline message — for the widget page and the embeddable launcher (<c>/widget.js</c>).
/// Origin-checked like visitor tokens: a browser request from a page off the tenant's widget origins is refused
/// <c>403 forbidden</c>. A request without <c>Origin</c> (the gateway's own widget page: browsers send none on a
/// same-origin GET) is answered. Only an allowed origin gets the CORS header that lets its page read the answer (the
/// security review's L10: reflect only the tenant's origins). Cacheable for <see cref="MaxAge"/>, per Origin.
/// </summary>
public static class WidgetConfigRoute
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapWidgetConfigRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/widget/config", Read).RequireRateLimiting(AuthRateLimits.PerIpPolicy);
        return routes;
    }

    private static Results<Ok<WidgetConfigResponse>, ProblemHttpResult> Read(
        string? tenant, HttpContext context, TenantDirectory tenants, TenantConfigCache configs)
    {
        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        var headers = context.Response.Headers;
        headers.Vary = HeaderNames.Origin;
        if (tenant is not { Length: > 0 } || !tenants.Exists(tenant))
        {
            return TokenEndpoints.Refuse(ErrorCodes.NotFound, "Unknown tenant.");
        }

        if (origin.Length > 0 && !tenants.IsAllowedOrigin(tenant, origin))
        {
            return TokenEndpoints.Refuse(
                ErrorCodes.Forbidden, "This Origin is not one of the tenant's widget origins.");
        }

        headers.CacheControl = $"public, max-age={(int)MaxAge.TotalSeconds}";
        if (origin.Length > 0)
        {
            headers.AccessControlAllowOrigin = origin;
        }

        if (!configs.TryGet(tenant, out var snapshot))
        {
            return TypedResults.Ok(new WidgetConfigResponse(tenant, null, new Dictionary<string, string>(), [], null));
        }

        var document = snapshot.Document;
        var fields = document.Widget?.PreChatFields
            .Select(f => new WidgetPreChatField(f.Name, f.Label, f.Type, f.Required))
            .ToArray() ?? [];
        return TypedResults.Ok(new WidgetConfigResponse(
            tenant,
            document.Tenant.DisplayName is { Length: > 0 } name ? name : null,
            document.WidgetTexts,
            fields,
            document.BusinessHours?.OfflineMessage));
    }
}
