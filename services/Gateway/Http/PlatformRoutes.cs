using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DaprSupport.Configuration.Actors;
using DaprSupport.Configuration.Cache;
using DaprSupport.Configuration.Documents;
using DaprSupport.Contracts.Gateway;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>POST /v1/platform/tenants</c> (on the <c>/v1</c> group), for platform operators (<c>X-Platform-Key</c>, not a
/// bearer token): opens a tenant at runtime (201) or changes one's display name, enabled flag or adds an API key (200).
/// A disabled tenant's tokens stop working at once on every replica that applied the version.
/// </summary>
public static partial class PlatformRoutes
{
    public static IEndpointRouteBuilder MapPlatformRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/platform").MapPost("/tenants", UpsertAsync);
        return routes;
    }

    private static async Task<Results<Created<PlatformTenantResponse>, Ok<PlatformTenantResponse>, ProblemHttpResult>>
        UpsertAsync(
            PlatformTenantRequest body, HttpRequest request, IOptions<PlatformOptions> options,
            TenantConfigClient configs, TenantConfigCache cache, TenantDirectory tenants)
    {
        if (!IsPlatformKey(options.Value.Key, request.Headers[PlatformOptions.KeyHeader].ToString()))
        {
            return ConfigRoutes.Problem(ErrorCodes.Unauthorized, $"A valid {PlatformOptions.KeyHeader} is required.");
        }

        if (body.Tenant is not { Length: > 0 and <= 64 } tenant || !TenantId().IsMatch(tenant))
        {
            return ConfigRoutes.Invalid(
                [new ConfigError("/tenant", "A tenant id of 1–64 letters, digits, '-' or '_'.")]);
        }

        if (body.ApiKey is { Length: < 16 })
        {
            return ConfigRoutes.Invalid([new ConfigError("/apiKey", "An API key has at least 16 characters.")]);
        }

        try
        {
            var current = (await configs.Tenant(tenant).GetAsync()).Current;
            var existing = current is null ? tenants.Seed(tenant) : ConfigDocuments.Read(current.Document).Document;
            var document = Apply(
                existing ?? new TenantConfigDocument { Tenant = new TenantSection { DisplayName = tenant } }, body);
            if (TenantConfigRules.Validate(document) is { Count: > 0 } errors)
            {
                return ConfigRoutes.Invalid(errors);
            }

            var result = await configs.Tenant(tenant).WriteAsync(
                new ConfigWrite(current?.Version ?? 0, ConfigDocuments.ToJson(document), "platform"));
            if (result.Outcome != ConfigWriteOutcome.Written)
            {
                return ConfigRoutes.Problem(
                    ErrorCodes.Conflict, "The tenant's configuration changed meanwhile; retry.");
            }

            cache.TryApply(result.Current!, "write");
            var answer = new PlatformTenantResponse(tenant, result.Current!.Version, document.Tenant.Enabled);
            return current is null && existing is null
                ? TypedResults.Created($"/v1/platform/tenants/{tenant}", answer)
                : TypedResults.Ok(answer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ConfigRoutes.Problem(ErrorCodes.Unavailable, "The configuration store is unavailable; retry later.");
        }
    }

    private static TenantConfigDocument Apply(TenantConfigDocument document, PlatformTenantRequest body)
    {
        var keys = document.Tenant.ApiKeys.ToList();
        if (body.ApiKey is { } key)
        {
            keys.Add(new ApiKeyHash(
                "key-" + (keys.Count + 1), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))));
        }

        return document with
        {
            Tenant = document.Tenant with
            {
                DisplayName = body.DisplayName ?? document.Tenant.DisplayName,
                Enabled = body.Enabled ?? document.Tenant.Enabled,
                ApiKeys = keys,
            },
        };
    }

    private static bool IsPlatformKey(string? configured, string given) =>
        configured is { Length: >= PlatformOptions.MinKeyLength }
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TenantId();
}
