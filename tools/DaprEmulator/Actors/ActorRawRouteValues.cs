using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DaprSupport.DaprEmulator.Actors;

/// <summary>
/// The actor API's type, id and method as daprd's router sees them: undecoded. daprd routes on
/// <c>path.Clean(r.URL.EscapedPath())</c> (pkg/api/http/middlewares.go <c>CleanPathMiddleware</c>) and chi (v5.2)
/// hands out path parameters as the substrings they are, so <c>demo%3Aada</c> is the actor id <c>demo%3Aada</c>, not
/// <c>demo:ada</c>. ASP.NET Core decodes route values (all but <c>%2F</c>); this middleware puts the raw segments back.
/// </summary>
internal static class ActorRawRouteValues
{
    public static WebApplication UseActorRawRouteValues(this WebApplication web)
    {
        web.Use((context, next) =>
        {
            if (context.Request.RouteValues.ContainsKey("actorId")
                && context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } target
                && Segments(target) is { Length: >= 4 } segments
                && segments[1] == "actors")
            {
                context.Request.RouteValues["actorType"] = segments[2];
                context.Request.RouteValues["actorId"] = segments[3];
                if (segments.Length >= 6 && context.Request.RouteValues.ContainsKey("method"))
                {
                    context.Request.RouteValues["method"] = segments[5];
                }
            }

            return next(context);
        });
        return web;
    }

    /// <summary>The raw path's segments, empty ones dropped (as <c>path.Clean</c> drops doubled slashes).</summary>
    internal static string[] Segments(string rawTarget)
    {
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }
}
