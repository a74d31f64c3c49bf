using DaprSupport.Contracts.Errors;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Validates the tenant in /v1/tenants/{tenant}/... before any actor id is built from it: an empty tenant or one
/// containing ':' (the actor id separator) is the caller's error (400), not a 500 from the id builder.
/// </summary>
internal static class TenantRouteFilter
{
    public static RouteGroupBuilder MapTenantGroup(this IEndpointRouteBuilder routes, string pattern) =>
        routes.MapGroup(pattern).AddEndpointFilter(ValidateAsync);

    private static async ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.Request.RouteValues["tenant"] as string;
        if (string.IsNullOrWhiteSpace(tenant) || tenant.Contains(':', StringComparison.Ordinal))
        {
            return SupportError.Invalid("The tenant must be non-empty and may not contain ':'.").ToProblem();
        }

        return await next(context);
    }
}
