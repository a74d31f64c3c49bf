using Dapr.Actors.Client;
using DaprSupport.Configuration.Cache;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Webhooks;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>One configured endpoint as its admin sees it (never its secrets) with its deliveries.</summary>
public sealed record WebhookView(
    string Id, string Url, IReadOnlyList<string> Events, bool Enabled, WebhookStatus Deliveries);

/// <summary>
/// <c>/v1/admin/webhooks</c> for the tenant's <c>admin</c> role (docs/webhooks.md): <c>GET</c> each endpoint with
/// its pending count, recent outcomes and dead letters; <c>POST /{endpoint}/dead-letters/{eventId}/retry</c> queues a
/// dead letter again (202, or 404 when there is no such endpoint or dead letter).
/// </summary>
public static class WebhookRoutes
{
    public static IEndpointRouteBuilder MapWebhookRoutes(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/admin/webhooks");
        webhooks.MapGet("/", ListAsync);
        webhooks.MapPost("/{endpointId}/dead-letters/{eventId}/retry", RetryAsync);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookView>>, ProblemHttpResult>> ListAsync(
        HttpRequest request, CallerAuthenticator callers, TenantConfigCache configs, IActorProxyFactory actors)
    {
        var (principal, refusal) = await AdminAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        var endpoints = configs.TryGet(principal.Tenant, out var config) ? config.Document.Webhooks : [];
        return await ConfigRoutes.CallAsync(async Task<Results<Ok<IReadOnlyList<WebhookView>>, ProblemHttpResult>> () =>
        {
            var views = new List<WebhookView>();
            foreach (var endpoint in endpoints)
            {
                var status = await Actor(actors, principal.Tenant, endpoint.Id).GetStatusAsync();
                views.Add(new WebhookView(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.Enabled, status));
            }

            return TypedResults.Ok<IReadOnlyList<WebhookView>>(views);
        });
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RetryAsync(
        string endpointId, string eventId, HttpRequest request, CallerAuthenticator callers,
        TenantConfigCache configs, IActorProxyFactory actors)
    {
        var (principal, refusal) = await AdminAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        if (!configs.TryGet(principal.Tenant, out var config) || config.Document.Webhooks.All(w => w.Id != endpointId))
        {
            return ConfigRoutes.Problem(ErrorCodes.NotFound, "No such webhook endpoint.");
        }

        return await ConfigRoutes.CallAsync(async Task<Results<Accepted, ProblemHttpResult>> () =>
            await Actor(actors, principal.Tenant, endpointId).RetryDeadLetterAsync(eventId)
                ? TypedResults.Accepted((string?)null)
                : ConfigRoutes.Problem(ErrorCodes.NotFound, "No such dead letter."));
    }

    private static IWebhookActor Actor(IActorProxyFactory actors, string tenant, string endpointId) =>
        actors.CreateActorProxy<IWebhookActor>(ActorIds.Webhook(tenant, endpointId), ActorTypes.Webhook);

    private static Task<(SupportPrincipal? Principal, ProblemHttpResult? Refusal)> AdminAsync(
        HttpRequest request, CallerAuthenticator callers) =>
        PublicRoutes.AuthenticateAsync(
            request, callers, Roles.Admin, "Only the tenant's admins see its webhooks.");
}
