using DaprSupport.Contracts.Auth;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Auth.Tenants;

/// <summary>Internal API (reached through Dapr service invocation) to verify a tenant's API key.</summary>
public static class TenantApi
{
    public static IEndpointRouteBuilder MapTenantApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/internal/tenants");
        group.MapPost("/{tenant}/verify-key", VerifyKey);
        return routes;
    }

    private static Results<Ok<ApiKeyVerification>, ValidationProblem> VerifyKey(string tenant, ApiKeyCheck check, TenantDirectory directory)
    {
        if (string.IsNullOrWhiteSpace(check.ApiKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["apiKey"] = ["An API key is required."] });
        }

        return TypedResults.Ok(new ApiKeyVerification(tenant, directory.IsValidKey(tenant, check.ApiKey)));
    }
}
