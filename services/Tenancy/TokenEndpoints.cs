using System.Text.RegularExpressions;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Agents;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DaprSupport.Tenancy;

/// <summary>
/// The public token routes: <c>POST /v1/auth/token</c> (staff, API key), <c>POST /v1/auth/visitor</c>
/// (<see cref="VisitorTokenEndpoint"/>) and <c>POST /v1/auth/renew</c> (a new token for the same principal).
/// Rate-limited per client IP and per tenant (<see cref="AuthRateLimits"/>), bodies capped at
/// <see cref="MaxBodyBytes"/>. Refusals are problem+json with a <c>code</c> extension: unauthorized (401), forbidden
/// (403), blocked (403), invalid_argument (400) or rate_limited (429).
/// </summary>
public static partial class TokenEndpoints
{
    public const int MaxBodyBytes = 16 * 1024;
    internal const int MaxIdLength = 128;
    private const int MaxSkills = 32;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/v1/auth")
            .RequireRateLimiting(AuthRateLimits.PerIpPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        auth.MapPost("/token", IssueStaff);
        auth.MapPost("/visitor", VisitorTokenEndpoint.IssueAsync);
        auth.MapPost("/renew", RenewAsync);
        return routes;
    }

    /// <summary>Problem+json refusal with the client-facing <c>code</c> and the status it maps to.</summary>
    public static ProblemHttpResult Refuse(string code, string message) =>
        Refuse(ErrorCodes.HttpStatus(code), code, message);

    /// <summary>Problem+json refusal with the client-facing <c>code</c>.</summary>
    public static ProblemHttpResult Refuse(int status, string code, string message) =>
        TypedResults.Problem(
            detail: message, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static Results<Ok<TokenResponse>, ProblemHttpResult> IssueStaff(
        StaffTokenRequest body, HttpContext context, TenantDirectory tenants, SupportTokens tokens)
    {
        if (body.Tenant is not { Length: > 0 } tenant || !tenants.Exists(tenant))
        {
            return Refuse(ErrorCodes.Unauthorized, "Unknown tenant or wrong API key.");
        }

        if (AuthRateLimits.TryAcquireTenant(context, tenant) is { } limited)
        {
            return limited;
        }

        if (body.ApiKey is not { Length: > 0 } apiKey || !tenants.IsValidKey(tenant, apiKey))
        {
            return Refuse(ErrorCodes.Unauthorized, "Unknown tenant or wrong API key.");
        }

        if (!IsId(body.UserId))
        {
            return Invalid("userId is required: 1–128 letters, digits, '-', '_', '.', '@' or ':'.");
        }

        if (body.Role is not (Roles.Agent or Roles.Supervisor or Roles.Admin))
        {
            return Invalid("role must be \"agent\", \"supervisor\" or \"admin\".");
        }

        if (body.Capacity is < 0 or > AgentLimits.MaxCapacity)
        {
            return Invalid($"capacity must be between 0 and {AgentLimits.MaxCapacity}.");
        }

        var skills = body.Skills ?? [];
        if (skills.Count > MaxSkills || skills.Any(s => !IsId(s)))
        {
            return Invalid($"skills: at most {MaxSkills} names of 1–128 letters, digits, '-', '_', '.', '@' or ':'.");
        }

        if (tenants.IsBlocked(tenant, body.UserId!)
            || tenants.IsBlockedAddress(tenant, context.Connection.RemoteIpAddress))
        {
            return Refuse(ErrorCodes.Blocked, "This user is blocked.");
        }

        var name = DisplayNames.Clean(body.DisplayName);
        var issued = tokens.Issue(new SupportPrincipal(
            tenant, body.UserId!, body.Role, name, skills.Distinct(StringComparer.Ordinal).ToArray(), body.Capacity));
        return TypedResults.Ok(new TokenResponse(issued.Token, issued.ExpiresAt));
    }

    /// <summary>
    /// A fresh token for the principal of a valid token — or of one that expired at most
    /// <see cref="TokenOptions.RenewalGrace"/> ago — with the same claims; a blocked user is refused.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RenewAsync(
        HttpContext context, TenantDirectory tenants, SupportTokens tokens)
    {
        var caller = await tokens.ValidateForRenewalAsync(SupportAuthentication.TokenOf(context.Request));
        if (caller?.Principal is not { } principal || !tenants.Exists(principal.Tenant))
        {
            return Refuse(
                ErrorCodes.Unauthorized, "A valid bearer token (or one expired within the renewal grace) is required.");
        }

        if (AuthRateLimits.TryAcquireTenant(context, principal.Tenant) is { } limited)
        {
            return limited;
        }

        if (tenants.IsBlocked(principal.Tenant, principal.UserId))
        {
            return Refuse(ErrorCodes.Blocked, "This user is blocked.");
        }

        var issued = tokens.Issue(principal);
        return TypedResults.Ok(new TokenResponse(issued.Token, issued.ExpiresAt));
    }

    internal static ProblemHttpResult Invalid(string message) => Refuse(ErrorCodes.InvalidArgument, message);

    internal static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && IdChars().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._@:\-]+$")]
    private static partial Regex IdChars();
}
