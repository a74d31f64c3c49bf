using DaprSupport.Contracts;
using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>The authentication of the staff routes: agents and supervisors of the token's tenant.</summary>
internal static class StaffRoutes
{
    /// <summary>The caller, if an agent or a supervisor; otherwise the 401/403 problem to answer.</summary>
    public static async Task<(SupportPrincipal? Principal, ProblemHttpResult? Refusal)> AuthenticateAsync(
        HttpRequest request, CallerAuthenticator callers)
    {
        var (principal, refusal) = await PublicRoutes.AuthenticateAsync(request, callers);
        return principal is null || principal.Role is Roles.Agent or Roles.Supervisor
            ? (principal, refusal)
            : (null, TokenEndpoints.Refuse(ErrorCodes.Forbidden, "Agents and supervisors only."));
    }
}
