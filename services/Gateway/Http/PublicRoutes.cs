using DaprSupport.Gateway.Protocol;
using DaprSupport.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprSupport.Gateway.Http;

/// <summary>
/// Shared plumbing of the gateway's bearer-token HTTP routes: authenticate, and map refusals to problem+json.
/// </summary>
internal static class PublicRoutes
{
    /// <summary>
    /// Path prefixes clients call (the protocol, token issue, the widget, its embeddable launcher, the desk, the
    /// console and their shared assets; <c>/</c> matches the landing page alone); everything else is for the sidecar
    /// only.
    /// </summary>
    public static readonly string[] ClientPaths =
        ["/v1", "/widget", "/widget.js", "/desk", "/console", "/shared", "/", "/index.html"];

    /// <summary>The caller's principal, or the 401/403 problem to answer instead.</summary>
    public static async Task<(SupportPrincipal? Principal, ProblemHttpResult? Refusal)> AuthenticateAsync(
        HttpRequest request, CallerAuthenticator callers)
    {
        var principal = (await callers.AuthenticateAsync(request.HttpContext))?.Principal;
        if (principal is null)
        {
            return (null, TokenEndpoints.Refuse(ErrorCodes.Unauthorized, "A valid bearer token is required."));
        }

        return callers.IsBlocked(principal)
            ? (null, TokenEndpoints.Refuse(ErrorCodes.Blocked, "This user is blocked."))
            : (principal, null);
    }

    /// <summary>
    /// As <see cref="AuthenticateAsync(HttpRequest, CallerAuthenticator)"/>, and the caller must hold
    /// <paramref name="role"/>: anyone else is refused <c>forbidden</c> with <paramref name="refusal"/>.
    /// </summary>
    public static async Task<(SupportPrincipal? Principal, ProblemHttpResult? Refusal)> AuthenticateAsync(
        HttpRequest request, CallerAuthenticator callers, string role, string refusal)
    {
        var (principal, denied) = await AuthenticateAsync(request, callers);
        return principal is null || principal.Role == role
            ? (principal, denied)
            : (null, TokenEndpoints.Refuse(ErrorCodes.Forbidden, refusal));
    }

    public static ProblemHttpResult ToProblem(ErrorFrame error) =>
        TokenEndpoints.Refuse(error.Code, error.Message);
}
