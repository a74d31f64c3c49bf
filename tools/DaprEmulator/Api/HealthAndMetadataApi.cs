using DaprSupport.DaprEmulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.DaprEmulator.Api;

/// <summary>
/// Health (docs: reference/api/health_api) and metadata (reference/api/metadata_api) of the Dapr HTTP API.
/// </summary>
internal static class HealthAndMetadataApi
{
    public static IEndpointRouteBuilder MapHealthAndMetadataApi(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1.0");

        // 204 once the sidecar is up and its app's port open (daprd's runtime target, whatever the app's health);
        // 500 with ERR_HEALTH_NOT_READY before.
        v1.MapGet("/healthz", (Sidecar sidecar) => sidecar.RuntimeReady.IsCompletedSuccessfully
            ? Results.NoContent()
            : new DaprError(DaprError.HealthNotReady, "dapr is not ready").ToHttp(StatusCodes.Status500InternalServerError));

        // Outbound health: components are loaded before any sidecar opens, so the outbound side is always ready.
        v1.MapGet("/healthz/outbound", () => Results.NoContent());

        v1.MapGet("/metadata", (Sidecar sidecar) => Results.Json(ToJson(MetadataSnapshot.Of(sidecar))));
        v1.MapPut("/metadata/{key}", async (string key, HttpRequest request, Sidecar sidecar) =>
        {
            using var reader = new StreamReader(request.Body);
            sidecar.ExtendedMetadata[key] = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return Results.NoContent();
        });
        return routes;
    }

    private static object ToJson(MetadataSnapshot m) => new
    {
        id = m.Id,
        runtimeVersion = m.RuntimeVersion,
        enabledFeatures = Array.Empty<string>(),
        actors = m.ActiveActors.Select(a => new { type = a.Type, count = a.Count }),
        components = m.Components.Select(c => new
        {
            name = c.Name,
            type = c.Type,
            version = c.Version,
            capabilities = c.Type.StartsWith("state.", StringComparison.Ordinal)
                ? RuntimeInfo.StateCapabilities(c.Type, c.GetBool("actorStateStore"))
                : [],
        }),
        subscriptions = m.Subscriptions.Select(s => new
        {
            pubsubname = s.PubsubName,
            topic = s.Topic,
            deadLetterTopic = s.DeadLetterTopic,
            rules = s.Rules.Select(r => new { match = r.Match, path = r.Path }),
            type = s.Type,
        }),
        extended = m.Extended,
        appConnectionProperties = m.AppPort is { } port
            ? new { port, protocol = "http", channelAddress = "127.0.0.1" }
            : null,
    };
}
