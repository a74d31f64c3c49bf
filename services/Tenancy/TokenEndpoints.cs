using System.Text.RegularExpressions;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Tenancy;

/// <summary>
/// The public token routes: <c>POST /v1/auth/token</c> (staff, API key) and <c>POST /v1/auth/visitor</c> (browser,
/// Origin allowlist). Refusals are problem+json with a <c>code</c> extension: unauthorized (401), forbidden (403),
/// blocked (403) or invalid_argument (400).
/// </summary>
public static partial class TokenEndpoints
{
    public const int MaxCapacity = 100;
    private const int MaxIdLength = 128;
    private const int MaxSkills = 32;

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/v1/auth");
        auth.MapPost("/token", IssueStaff);
        auth.MapPost("/visitor", IssueVisitor);
        return routes;
    }

    /// <summary>Problem+json refusal with the client-facing <c>code</c> and the status it maps to.</summary>
    public static ProblemHttpResult Refuse(string code, string message) => Refuse(ErrorCodes.HttpStatus(code), code, message);

    /// <summary>Problem+json refusal with the client-facing <c>code</c>.</summary>
    public static ProblemHttpResult Refuse(int status, string code, string message) =>
        TypedResults.Problem(detail: message, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static Results<Ok<TokenResponse>, ProblemHttpResult> IssueStaff(StaffTokenRequest body, HttpRequest request, TenantDirectory tenants, SupportTokens tokens)
    {
        if (body.Tenant is not { Length: > 0 } tenant || body.ApiKey is not { Length: > 0 } apiKey || !tenants.IsValidKey(tenant, apiKey))
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

        if (body.Capacity is < 0 or > MaxCapacity)
        {
            return Invalid($"capacity must be between 0 and {MaxCapacity}.");
        }

        var skills = body.Skills ?? [];
        if (skills.Count > MaxSkills || skills.Any(s => !IsId(s)))
        {
            return Invalid($"skills: at most {MaxSkills} names of 1–128 letters, digits, '-', '_', '.', '@' or ':'.");
        }

        if (tenants.IsBlocked(tenant, body.UserId!) || tenants.IsBlockedAddress(tenant, request.HttpContext.Connection.RemoteIpAddress))
        {
            return Refuse(ErrorCodes.Blocked, "This user is blocked.");
        }

        var issued = tokens.Issue(new SupportPrincipal(tenant, body.UserId!, body.Role, body.DisplayName, skills.Distinct(StringComparer.Ordinal).ToArray(), body.Capacity));
        return TypedResults.Ok(new TokenResponse(issued.Token, issued.ExpiresAt));
    }

    private static Results<Ok<VisitorTokenResponse>, ProblemHttpResult> IssueVisitor(VisitorTokenRequest body, HttpRequest request, TenantDirectory tenants, SupportTokens tokens)
    {
        if (body.Tenant is not { Length: > 0 } tenant || !tenants.Exists(tenant))
        {
            return Refuse(ErrorCodes.Unauthorized, "Unknown tenant.");
        }

        if (!tenants.IsAllowedOrigin(tenant, request.Headers[HeaderNames.Origin].ToString()))
        {
            return Refuse(ErrorCodes.Forbidden, "This Origin may not open visitor sessions for the tenant.");
        }

        if (body.VisitorId is { } given && !VisitorId().IsMatch(given))
        {
            return Invalid("visitorId must be one this endpoint issued (v_ followed by 32 hex digits).");
        }

        var visitorId = body.VisitorId ?? "v_" + Guid.NewGuid().ToString("N");
        if (tenants.IsBlocked(tenant, visitorId) || tenants.IsBlockedAddress(tenant, request.HttpContext.Connection.RemoteIpAddress))
        {
            return Refuse(ErrorCodes.Blocked, "This visitor is blocked.");
        }

        var name = body.DisplayName is { Length: > 0 and <= MaxIdLength } n ? n : null;
        var issued = tokens.Issue(new SupportPrincipal(tenant, visitorId, Roles.Visitor, name, [], null));
        return TypedResults.Ok(new VisitorTokenResponse(issued.Token, visitorId, issued.ExpiresAt));
    }

    private static ProblemHttpResult Invalid(string message) => Refuse(ErrorCodes.InvalidArgument, message);

    private static bool IsId(string? value) => value is { Length: > 0 and <= MaxIdLength } && IdChars().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._@:\-]+$")]
    private static partial Regex IdChars();

    [GeneratedRegex("^v_[0-9a-f]{32}$")]
    private static partial Regex VisitorId();
}
