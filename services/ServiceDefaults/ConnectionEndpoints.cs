using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DaprSupport.ServiceDefaults;

/// <summary>
/// Endpoints whose requests become long-lived connections (a WebSocket upgrade). ASP.NET Core keeps each middleware
/// that awaits the rest of the pipeline suspended for as long as the request lives — for a WebSocket, hours — and a
/// request's metrics would count a connection's whole life as one request in progress. Requests to these endpoints
/// skip the per-request middlewares of <see cref="ServiceDefaultsExtensions.UseServiceDefaults"/> (authentication,
/// exception handler, status code pages, HTTP metrics, CloudEvents): the endpoint authenticates and writes its own
/// refusals as problem+json before the upgrade, and reports its connections in its own metrics. The app API token
/// check is not skipped.
/// </summary>
public static class ConnectionEndpoints
{
    /// <summary>Marks the endpoint as one whose requests hold a connection.</summary>
    public static TBuilder HoldsConnections<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.WithMetadata(Marker.Instance);
    }

    /// <summary>Whether the request's endpoint (routing runs first in a WebApplication) holds connections.</summary>
    public static bool IsConnectionRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;
    }

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
