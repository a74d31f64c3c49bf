using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Sessions;
using DaprSupport.ServiceDefaults;

namespace DaprSupport.Sessions.Api;

/// <summary>
/// Validates the ids in /v1/tenants/{tenant}/... before any actor id is built from them (<see cref="IdShape"/>): a
/// tenant, agent, connection or visitor id of another shape (empty, a ':' in a tenant, a backslash or a space
/// anywhere) is the caller's error (400), not a 500 from the id builder or the actor call; a session id of another
/// shape is not found. (The gateway also refuses ids not of the shape this service hands out,
/// <see cref="SessionIds"/>.)
/// </summary>
internal static class TenantRouteFilter
{
    public static RouteGroupBuilder MapTenantGroup(this IEndpointRouteBuilder routes, string pattern) =>
        routes.MapGroup(pattern).AddEndpointFilter(ValidateAsync);

    private static async ValueTask<object?> ValidateAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var routeValues = context.HttpContext.Request.RouteValues;
        if (!IdShape.IsTenant(routeValues["tenant"] as string))
        {
            return SupportError.Invalid(
                $"The tenant must be 1–{IdShape.MaxLength} of A-Z a-z 0-9 . _ @ - (no ':').").ToProblem();
        }

        if (routeValues.TryGetValue("agentId", out var agentId) && !IdShape.IsId(agentId as string))
        {
            return SupportError.Invalid(
                $"The agent id must be 1–{IdShape.MaxLength} of A-Z a-z 0-9 . _ @ - :.").ToProblem();
        }

        if (routeValues.TryGetValue("connectionId", out var connectionId) && !IdShape.IsId(connectionId as string))
        {
            return SupportError.Invalid(
                $"The connection id must be 1–{IdShape.MaxLength} of A-Z a-z 0-9 . _ @ - :.").ToProblem();
        }

        if (routeValues.TryGetValue("visitorId", out var visitorId) && !IdShape.IsId(visitorId as string))
        {
            return SupportError.Invalid(
                $"The visitor id must be 1–{IdShape.MaxLength} of A-Z a-z 0-9 . _ @ - :.").ToProblem();
        }

        if (routeValues.TryGetValue("sessionId", out var sessionId) && !IdShape.IsId(sessionId as string))
        {
            return SupportError.NotFound("No such session.").ToProblem();
        }

        return await next(context);
    }
}
