using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// Bounded work per request on the client routes (<see cref="PublicRoutes.ClientPaths"/>): a request body over
/// <see cref="GatewayOptions.MaxPublicBodyBytes"/> is refused with 413 <c>too_large</c> while it is read, instead of
/// Kestrel's 30 MB default (security review M8). The sidecar's routes keep the server's default.
/// </summary>
public static class PublicBodyLimit
{
    public static IApplicationBuilder UsePublicBodyLimit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limit = app.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxPublicBodyBytes;
        return app.Use((context, next) =>
        {
            if (Array.Exists(PublicRoutes.ClientPaths, p => context.Request.Path.StartsWithSegments(p))
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = limit;
            }

            return next(context);
        });
    }
}
