using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Validates the ids in /v1/tenants/{tenant}/... before any actor id is built from them: an empty tenant or one
/// containing ':' (the actor id separator), or a blank agent id, is the caller's error (400), not a 500 from the id
/// builder; a blank session id is not found. (The gateway also refuses ids not of the shape this service hands out,
/// <see cref="SessionIds"/>; this service still serves any stored session, whatever its id.)
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

        var routeValues = context.HttpContext.Request.RouteValues;
        if (routeValues.TryGetValue("agentId", out var agentId) && string.IsNullOrWhiteSpace(agentId as string))
        {
            return SupportError.Invalid("The agent id must be non-empty.").ToProblem();
        }

        if (routeValues.TryGetValue("visitorId", out var visitorId) && string.IsNullOrWhiteSpace(visitorId as string))
        {
            return SupportError.Invalid("The visitor id must be non-empty.").ToProblem();
        }

        if (routeValues.TryGetValue("sessionId", out var sessionId) && string.IsNullOrWhiteSpace(sessionId as string))
        {
            return SupportError.NotFound("No such session.").ToProblem();
        }

        return await next(context);
    }
}
