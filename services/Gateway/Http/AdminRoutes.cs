using System.Text.Json;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Configuration.Signing;
using DaprSupport.Contracts;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>/v1/admin</c> (on the <c>/v1</c> group), for the <c>admin</c> role of the token's tenant only:
/// <c>GET /config</c> (document + <c>ETag</c>), <c>PUT /config</c> with <c>If-Match</c> (412 stale, 428 without,
/// 400 with a JSON pointer per invalid field), <c>GET /config/history</c> (audit entries). docs/configuration.md.
/// </summary>
public static class AdminRoutes
{
    public static IEndpointRouteBuilder MapAdminRoutes(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin");
        admin.MapGet("/config", GetAsync);
        admin.MapPut("/config", PutAsync);
        admin.MapGet("/config/history", HistoryAsync);
        return routes;
    }

    /// <summary>
    /// The current version from the configuration actor; when the store cannot be reached, the last good version this
    /// replica holds (what it serves from its cache), so an admin still reads the configuration in force.
    /// </summary>
    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetAsync(
        HttpContext context, CallerAuthenticator callers, TenantConfigClient configs, TenantDirectory tenants,
        TenantConfigCache cache)
    {
        var (principal, refusal) = await AdminAsync(context.Request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        SignedTenantConfig? current;
        try
        {
            current = (await configs.Tenant(principal.Tenant).GetAsync()).Current;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!cache.TryGet(principal.Tenant, out var held))
            {
                return ConfigRoutes.Unavailable();
            }

            current = held.Signed;
        }

        if (current is null && tenants.Seed(principal.Tenant) is null)
        {
            return ConfigRoutes.Problem(ErrorCodes.NotFound, "This tenant has no configuration.");
        }

        var (version, document) = current is null
            ? (0, ConfigDocuments.ToJson(tenants.Seed(principal.Tenant)!))
            : (current.Version, current.Document);
        context.Response.Headers.ETag = ConfigRoutes.ETag(version);
        return TypedResults.Ok(document);
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> PutAsync(
        JsonElement body, HttpContext context, CallerAuthenticator callers, TenantConfigClient configs,
        TenantConfigCache cache)
    {
        var (principal, refusal) = await AdminAsync(context.Request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        var ifMatch = context.Request.Headers[HeaderNames.IfMatch].ToString();
        if (ifMatch.Length == 0)
        {
            return ConfigRoutes.Problem(
                ErrorCodes.PreconditionRequired,
                "Send If-Match with the ETag of the version you changed (GET /v1/admin/config).");
        }

        if (ConfigRoutes.VersionOf(ifMatch) is not { } expected)
        {
            return ConfigRoutes.Problem(
                ErrorCodes.PreconditionFailed, "If-Match names no version of this configuration.");
        }

        var (document, errors) = ConfigDocuments.Read(body);
        if (document is { Tenant.Enabled: false })
        {
            errors =
            [
                new ConfigError(
                    "/tenant/enabled", "Only platform operators disable a tenant (POST /v1/platform/tenants)."),
            ];
        }

        if (errors.Count > 0)
        {
            return ConfigRoutes.Invalid(errors);
        }

        return await ConfigRoutes.CallAsync(async Task<Results<Ok<JsonElement>, ProblemHttpResult>> () =>
        {
            var result = await configs.Tenant(principal.Tenant)
                .WriteAsync(new ConfigWrite(expected, body, principal.UserId));
            switch (result.Outcome)
            {
                case ConfigWriteOutcome.Stale:
                    context.Response.Headers.ETag = ConfigRoutes.ETag(result.Current?.Version ?? 0);
                    return ConfigRoutes.Problem(
                        ErrorCodes.PreconditionFailed,
                        "The configuration changed since that version; GET it again and reapply your change.");
                case ConfigWriteOutcome.Invalid:
                    return ConfigRoutes.Invalid(result.Errors);
                default:
                    cache.TryApply(result.Current!, "write");
                    context.Response.Headers.ETag = ConfigRoutes.ETag(result.Current!.Version);
                    return TypedResults.Ok(result.Current.Document);
            }
        });
    }

    private static async Task<Results<Ok<IReadOnlyList<ConfigAuditEntry>>, ProblemHttpResult>> HistoryAsync(
        HttpRequest request, CallerAuthenticator callers, TenantConfigClient configs)
    {
        var (principal, refusal) = await AdminAsync(request, callers);
        if (principal is null)
        {
            return refusal!;
        }

        return await ConfigRoutes.CallAsync(
            async Task<Results<Ok<IReadOnlyList<ConfigAuditEntry>>, ProblemHttpResult>> () =>
                TypedResults.Ok(await configs.Tenant(principal.Tenant).GetHistoryAsync()));
    }

    private static Task<(SupportPrincipal? Principal, ProblemHttpResult? Refusal)> AdminAsync(
        HttpRequest request, CallerAuthenticator callers) =>
        PublicRoutes.AuthenticateAsync(
            request, callers, Roles.Admin, "Only the tenant's admins manage its configuration.");
}
