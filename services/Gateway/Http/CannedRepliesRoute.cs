using DaprSupport.Configuration.Documents;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// <c>GET /v1/canned-replies</c> (on the <c>/v1</c> group): the tenant's canned replies (docs/configuration.md
/// <c>cannedReplies</c>) from this replica's configuration cache, for agents and supervisors.
/// </summary>
public static class CannedRepliesRoute
{
    public static IEndpointRouteBuilder MapCannedRepliesRoute(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/canned-replies", ReadAsync);
        return routes;
    }

    private static async Task<Results<Ok<CannedReplies>, ProblemHttpResult>> ReadAsync(
        HttpRequest request, CallerAuthenticator callers, TenantDirectory tenants)
    {
        var (principal, refusal) = await StaffRoutes.AuthenticateAsync(request, callers);
        return principal is null
            ? refusal!
            : TypedResults.Ok(new CannedReplies(tenants.CannedReplies(principal.Tenant)));
    }
}

/// <summary>The answer of <c>GET /v1/canned-replies</c>.</summary>
public sealed record CannedReplies(IReadOnlyList<CannedReply> Replies);
