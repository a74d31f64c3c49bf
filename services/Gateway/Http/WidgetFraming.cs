using DaprSupport.Tenancy;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// Who may frame the widget page (<c>/widget/</c>): the embeddable launcher (<c>/widget.js</c>) opens it in an
/// iframe as <c>/widget/?tenant=…&amp;host=&lt;the host page's origin&gt;</c>. The page is answered with
/// <c>Content-Security-Policy: frame-ancestors 'self' &lt;host&gt;</c> when that host is one of the tenant's widget
/// origins, and <c>frame-ancestors 'self'</c> otherwise, so a browser renders the widget only inside the gateway's own
/// pages or an allowed host page (a page claiming another site's origin is not rendered either).
/// </summary>
public static class WidgetFraming
{
    public static WebApplication UseWidgetFraming(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.Equals("/widget/", StringComparison.Ordinal)
                || path.Equals("/widget/index.html", StringComparison.Ordinal))
            {
                context.Response.Headers[HeaderNames.ContentSecurityPolicy] = FrameAncestors(
                    context.Request.Query["tenant"].ToString(),
                    context.Request.Query["host"].ToString(),
                    context.RequestServices.GetRequiredService<TenantDirectory>());
            }

            return next(context);
        });
        return app;
    }

    /// <summary>The policy for a page of <paramref name="tenant"/> framed by <paramref name="host"/>.</summary>
    public static string FrameAncestors(string tenant, string host, TenantDirectory tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        return tenant.Length > 0 && IsOrigin(host) && tenants.IsAllowedOrigin(tenant, host)
            ? $"frame-ancestors 'self' {host}"
            : "frame-ancestors 'self'";
    }

    /// <summary>Only a plain scheme://host[:port] goes into the header (nothing that could end a directive).</summary>
    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.GetLeftPart(UriPartial.Authority).Equals(value, StringComparison.OrdinalIgnoreCase);
}
