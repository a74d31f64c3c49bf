using System.Text.RegularExpressions;
using DaprSupport.Contracts;
using DaprSupport.Contracts.Errors;
using DaprSupport.Contracts.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DaprSupport.Tenancy;

/// <summary>
/// <c>POST /v1/auth/visitor</c>. A browser (<c>Origin</c> present) must be on the tenant's allowlist; a client
/// without <c>Origin</c> (mobile app, server) must present a verified identity or the tenant's channel key. With a
/// verified identity (<see cref="VisitorIdentities"/>) the token is bound to <c>u_</c> + the tenant's user id, the
/// same on every device; otherwise to an anonymous <c>v_…</c> id the client keeps.
/// </summary>
public static partial class VisitorTokenEndpoint
{
    internal static async Task<Results<Ok<VisitorTokenResponse>, ProblemHttpResult>> IssueAsync(
        VisitorTokenRequest body, HttpContext context, TenantDirectory tenants, SupportTokens tokens,
        VisitorIdentities identities)
    {
        if (body.Tenant is not { Length: > 0 } tenant || !tenants.Exists(tenant))
        {
            return TokenEndpoints.Refuse(ErrorCodes.Unauthorized, "Unknown tenant.");
        }

        if (AuthRateLimits.TryAcquireTenant(context, tenant) is { } limited)
        {
            return limited;
        }

        var origin = context.Request.Headers[HeaderNames.Origin].ToString();
        var verifying = VisitorIdentities.Requested(body);
        if (origin.Length > 0 ? !tenants.IsAllowedOrigin(tenant, origin)
            : !verifying && (body.ChannelKey is not { Length: > 0 } key || !tenants.IsValidChannelKey(tenant, key)))
        {
            return TokenEndpoints.Refuse(ErrorCodes.Forbidden, origin.Length > 0
                ? "This Origin may not open visitor sessions for the tenant."
                : "Without an Origin, present a verified identity or the tenant's channel key.");
        }

        var name = DisplayNames.Clean(body.DisplayName);
        string visitorId;
        int? priority = null;
        if (verifying)
        {
            var (identity, code, message) = await identities.VerifyAsync(tenant, body);
            if (identity is null)
            {
                return TokenEndpoints.Refuse(code!, message!);
            }

            (visitorId, name, priority) =
                (identity.VisitorId, DisplayNames.Clean(identity.Name) ?? name, identity.Priority);
        }
        else if (body.VisitorId is { } given && !AnonymousId().IsMatch(given))
        {
            return TokenEndpoints.Invalid("visitorId must be one this endpoint issued (v_ followed by 32 hex digits).");
        }
        else
        {
            visitorId = body.VisitorId ?? "v_" + Guid.NewGuid().ToString("N");
        }

        if (tenants.IsBlocked(tenant, visitorId)
            || tenants.IsBlockedAddress(tenant, context.Connection.RemoteIpAddress))
        {
            return TokenEndpoints.Refuse(ErrorCodes.Blocked, "This visitor is blocked.");
        }

        var issued = tokens.Issue(new SupportPrincipal(tenant, visitorId, Roles.Visitor, name, [], null, priority));
        return TypedResults.Ok(new VisitorTokenResponse(issued.Token, visitorId, issued.ExpiresAt));
    }

    [GeneratedRegex("^v_[0-9a-f]{32}$")]
    private static partial Regex AnonymousId();
}
